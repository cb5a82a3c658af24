// darktrace-list-respond-actions → GET /antigena → src/simulator/routes/antigena.ts
// darktrace-list-respond-actions: GET /antigena (darktrace-next.md §B.1 B1, §B.8). Without a window
// the appliance lists actions with a future expiry and those expired in the last 14 days (G61).
import { joinSections, renderTable } from '../render/markdown.js';
import { defineCommand } from './define-command.js';
import { checkWindow, RESPOND_COLUMNS, respondRecord, respondRow } from './respond-shape.js';
import { emptyResult, unreadableNote } from './shape.js';

const MAX_ROWS = 50;

export const listRespondActions = defineCommand('darktrace-list-respond-actions', {
  check: checkWindow,
  async run({ client, args, clock }) {
    const { actions, connections } = await client.respondActions({
      ...(args.device_id === undefined ? {} : { did: args.device_id }),
      ...(args.pbid === undefined ? {} : { pbid: args.pbid }),
      ...(args.need_confirming ? { needConfirming: true } : {}),
      ...(args.include_cleared ? { includeCleared: true } : {}),
      ...(args.include_history ? { includeHistory: true } : {}),
      ...(args.include_connections ? { includeConnections: true } : {}),
      ...(args.start_time === undefined || args.end_time === undefined ? {} : { startTime: args.start_time, endTime: args.end_time }),
    });
    const title = 'Darktrace RESPOND actions';
    if (actions.items.length === 0 && actions.unreadable.length === 0) {
      return emptyResult(title, 'No RESPOND actions match (cleared ones are listed with include_cleared=true).', actions.received);
    }
    const now = clock.now();
    const records = actions.items.map((a) => respondRecord(a, now));
    const links = connections.items;
    return {
      outputs: {
        'Darktrace.RespondAction': records,
        ...(args.include_connections && links.length > 0 ? { 'Darktrace.RespondConnection': links } : {}),
      },
      readable: joinSections(
        renderTable(title, records.map(respondRow), { headers: [...RESPOND_COLUMNS], maxRows: MAX_ROWS }),
        args.include_connections
          ? renderTable('Blocked connections', links, { headers: ['codeid', 'did', 'src', 'dst', 'port'], maxRows: MAX_ROWS })
          : undefined,
        unreadableNote('RESPOND actions', actions.unreadable),
      ),
      raw: { actions: actions.received, ...(args.include_connections ? { connections: connections.received } : {}) },
    };
  },
});
