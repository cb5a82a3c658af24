// darktrace-get-model-breach-connections → GET /details → src/simulator/routes/details.ts
// darktrace-get-model-breach-connections: GET /details?pbid= (reference/darktrace-api.md §4.18), the
// breached device's connections around the breach, newest first, the breach record itself dropped.
// Each connection keeps the evidence an analyst needs (§5.1): the name the device looked up
// (`dns.hostname`), the bytes in and out, and who the peer was. A record that cannot be read is
// named under the table and kept in raw; the others are shown.
import type { DetailsEvent } from '../client/schemas.js';
import { toIso } from '../clock.js';
import { compact, pickDefined } from '../domain/objects.js';
import { isPlainObject, readInteger, readNumber, readText } from '../appliance-values.js';
import { joinSections, renderTable } from '../render/markdown.js';
import { defineCommand } from './define-command.js';
import { unreadableNote } from './shape.js';

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

/**
 * The device at the other end: the destination of an outgoing connection, the source of an incoming
 * one. XSOAR's recorded /details answer carries both as `sourceDevice`/`destinationDevice`.
 */
function peerOf(event: DetailsEvent): Record<string, unknown> | undefined {
  const peer = event['direction'] === 'in' ? event['sourceDevice'] : event['destinationDevice'];
  if (!isPlainObject(peer)) return undefined;
  const found = compact({
    peerDid: readInteger(peer['did']),
    peerHostname: readText(peer['hostname']),
    peerLabel: readText(peer['devicelabel']),
    peerIp: readText(peer['ip']),
  });
  return Object.keys(found).length > 0 ? found : undefined;
}

/**
 * §4.18: `time` is a "YYYY-MM-DD HH:MM:SS" string and `timems` the number; context gets ISO-8601.
 * Bytes are the totals the appliance adds with includetotalbytes (`totalbytesin`/`totalbytesout`).
 */
function connectionContext(event: DetailsEvent): Record<string, unknown> {
  const time = event.timems !== undefined ? toIso(event.timems) : event.time;
  const dns = event['dns'];
  return compact({
    ...(time === undefined ? {} : { time }),
    ...pickDefined(event, CONNECTION_FIELDS),
    dnsHostname: isPlainObject(dns) ? readText(dns['hostname']) : undefined,
    bytesIn: readNumber(event['totalbytesin']),
    bytesOut: readNumber(event['totalbytesout']),
    ...peerOf(event),
  });
}

/**
 * Evidence shown in markdown beside the connection. The peer's hostname and IP are already the
 * source/destination text, so only its label (the name an analyst gave the device) gets a column.
 */
const EVIDENCE_COLUMNS = ['dnsHostname', 'bytesIn', 'bytesOut', 'peerLabel'] as const;

export const getModelBreachConnections = defineCommand('darktrace-get-model-breach-connections', {
  async run({ client, args }) {
    const { items, unreadable, received } = await client.breachConnections({ pbid: args.pbid, count: args.count, offset: args.offset });
    const connections = items.map(connectionContext);
    // An evidence column appears when some connection carries it: answers without any keep their table.
    const evidence = EVIDENCE_COLUMNS.filter((key) => connections.some((c) => key in c));
    return {
      // Keyed by pbid, so the connections merge into the breach a playbook already holds.
      outputs: { 'Darktrace.ModelBreach': { pbid: args.pbid, connections } },
      readable: joinSections(
        renderTable(`Connections of model breach ${args.pbid}`, connections, {
          headers: ['time', 'source', 'destination', 'port', 'protocol', 'status', ...evidence],
          emptyText: `No connections found for model breach ${args.pbid}.`,
        }),
        unreadableNote(`connections of model breach ${args.pbid}`, unreadable),
      ),
      raw: received,
    };
  },
});
