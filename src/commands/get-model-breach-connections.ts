// darktrace-get-model-breach-connections: GET /details?pbid= (reference/darktrace-api.md §4.18), the
// breached device's connections around the breach, newest first, the breach record itself dropped.
import { z } from 'zod';
import type { DetailsEvent } from '../client/schemas.js';
import { toIso } from '../clock.js';
import { renderTable } from '../render/markdown.js';
import { pickDefined } from '../render/model-breach.js';
import { defineCommand } from './define-command.js';

const CONNECTION_FIELDS = [
  'source',
  'destination',
  'port',
  'sourcePort',
  'destinationPort',
  'protocol',
  'applicationprotocol',
  'direction',
  'status',
  'eventType',
  'uid',
  'sdid',
  'ddid',
] as const;

/** §4.18: `time` is a "YYYY-MM-DD HH:MM:SS" string and `timems` the number; context gets ISO-8601. */
function connectionContext(event: DetailsEvent): Record<string, unknown> {
  const time = typeof event.timems === 'number' ? toIso(event.timems) : event.time;
  return { ...(time === undefined ? {} : { time }), ...pickDefined(event, CONNECTION_FIELDS) };
}

export const getModelBreachConnections = defineCommand({
  name: 'darktrace-get-model-breach-connections',
  args: z.object({ pbid: z.number().int(), count: z.number().int(), offset: z.number().int() }),
  async run({ client, args }) {
    const events = await client.breachConnections({ pbid: args.pbid, count: args.count, offset: args.offset });
    const connections = events.map(connectionContext);
    return {
      // Keyed by pbid, so the connections merge into the breach a playbook already holds.
      outputs: { 'Darktrace.ModelBreach': { pbid: args.pbid, connections } },
      readable: renderTable(`Connections of model breach ${args.pbid}`, connections, {
        headers: ['time', 'source', 'destination', 'port', 'protocol', 'status'],
        emptyText: `No connections found for model breach ${args.pbid}.`,
      }),
      raw: events,
    };
  },
});
