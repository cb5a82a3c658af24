// darktrace-create-manual-respond-action → POST /antigena/manual, GET /antigena → src/simulator/routes/antigena.ts
// darktrace-create-manual-respond-action: POST /antigena/manual (TV 6+, darktrace-next.md §B.1 B3).
// `connections` goes only with the connection action, and that action needs it (§B.8).
import { isPlainObject } from '../appliance-values.js';
import { isHostname, isIpAddress } from '../net-values.js';
import { defineCommand } from './define-command.js';
import { runManualCreate } from './respond-write.js';

interface Connection {
  readonly src: string;
  readonly dst: string;
  readonly port?: number;
}

const LIST_FORM = 'expected a JSON list of {"src": …, "dst": …, "port": …} objects';

/** The `connections` JSON as a list of connections, or why it is not one (the manifest only parses the JSON). */
function readConnections(value: unknown): { list: Connection[] } | { problem: string } {
  if (!Array.isArray(value)) return { problem: LIST_FORM };
  if (value.length === 0) return { problem: 'expected at least one {"src", "dst", "port"} connection' };
  const list: Connection[] = [];
  for (const [i, c] of value.entries()) {
    if (!isPlainObject(c)) return { problem: `${LIST_FORM}; entry ${i} is not an object` };
    for (const end of ['src', 'dst'] as const) {
      const v = c[end];
      if (typeof v !== 'string' || !(isIpAddress(v) || isHostname(v))) return { problem: `entry ${i}: ${end} must be an IP address or a host name` };
    }
    const port = c['port'];
    if (port !== undefined && !(typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535)) {
      return { problem: `entry ${i}: port must be an integer from 1 to 65535` };
    }
    list.push({ src: c['src'] as string, dst: c['dst'] as string, ...(port === undefined ? {} : { port }) });
  }
  return { list };
}

export const createManualRespondAction = defineCommand('darktrace-create-manual-respond-action', {
  check(a) {
    if (a.action === 'connection' && a.connections === undefined) {
      return { argument: 'connections', message: 'is required for action=connection: a JSON list of {"src", "dst", "port"} objects' };
    }
    if (a.action !== 'connection' && a.connections !== undefined) {
      return { argument: 'connections', message: `applies only to action=connection, not ${a.action}` };
    }
    const read = a.connections === undefined ? undefined : readConnections(a.connections);
    return read && 'problem' in read ? { argument: 'connections', message: read.problem } : undefined;
  },
  run({ client, clock, params, args }) {
    const read = args.connections === undefined ? undefined : readConnections(args.connections);
    // check has refused a malformed list, so `problem` cannot occur here.
    const connections = read && 'list' in read ? read.list : undefined;
    return runManualCreate({ client, clock, params }, 'darktrace-create-manual-respond-action', { ...args, connections });
  },
});
