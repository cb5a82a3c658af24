// darktrace-get-respond-summary → GET /antigena/summary → src/simulator/routes/antigena.ts
// darktrace-get-respond-summary: GET /antigena/summary (darktrace-next.md §B.1 B4). With a window
// the appliance always reports pendingCount 0 (G61); the readable output says so.
import { toIso } from '../clock.js';
import { joinSections, renderKeyValue, renderNote } from '../render/markdown.js';
import { defineCommand } from './define-command.js';
import { checkWindow } from './respond-shape.js';

export const getRespondSummary = defineCommand('darktrace-get-respond-summary', {
  check: checkWindow,
  async run({ client, args }) {
    const window = args.start_time !== undefined && args.end_time !== undefined ? { startTime: args.start_time, endTime: args.end_time } : undefined;
    const summary = await client.respondSummary(window ?? {});
    const record = {
      pendingCount: summary.pendingCount ?? 0,
      activeCount: summary.activeCount ?? 0,
      pendingActionDevices: summary.pendingActionDevices ?? [],
      activeActionDevices: summary.activeActionDevices ?? [],
      ...(window ? { startTime: toIso(window.startTime), endTime: toIso(window.endTime) } : {}),
    };
    return {
      outputs: { 'Darktrace.RespondSummary': record },
      readable: joinSections(
        renderKeyValue('Darktrace RESPOND summary', record),
        window ? renderNote('Note', 'The appliance counts no pending actions when a time window is given; run without one to see them.') : undefined,
      ),
      raw: summary,
    };
  },
});
