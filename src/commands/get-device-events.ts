// darktrace-get-device-events → GET /devices → src/simulator/routes/devices.ts; GET /details → src/simulator/routes/details.ts
import { collectDeviceEvents, eventRow, renderEvents } from '../validation/index.js';
import { joinSections } from '../render/markdown.js';
import { defineCommand } from './define-command.js';
import { unreadableNote } from './shape.js';

const HOUR_MS = 3_600_000;

export const getDeviceEvents = defineCommand('darktrace-get-device-events', {
  check: (a) => ((a.did === undefined) !== (a.ip === undefined) ? undefined : { argument: 'did', message: 'give either did or ip, not both' }),
  async run({ client, args, clock, params }) {
    const end = args.end ?? clock.now();
    const { did, events, unreadable, received } = await collectDeviceEvents(client, params, {
      device: args.did !== undefined ? { did: args.did } : { ip: args.ip ?? '' },
      range: { from: args.start ?? end - HOUR_MS, to: end },
      eventType: args.event_type,
    });
    const title = `Events of device ${args.did ?? args.ip}`;
    if (did === undefined) return { outputs: {}, readable: renderEvents(title, []), raw: [] };
    return {
      outputs: events.length ? { 'Darktrace.Event': events.map((e) => ({ ...eventRow(e), did, raw: e.raw })) } : {},
      readable: joinSections(renderEvents(`${title} (did ${did})`, events), unreadableNote(`events of device ${did}`, unreadable)),
      raw: received,
    };
  },
});
