// darktrace-get-devices → GET /devices → src/simulator/routes/devices.ts
import { renderTable } from '../render/markdown.js';
import { pickDefined } from '../domain/objects.js';
import { defineCommand } from './define-command.js';
import { withIsoTimes } from './shape.js';

const HEADERS = ['did', 'ip', 'hostname', 'macaddress', 'typelabel', 'vendor', 'os', 'firstSeen', 'lastSeen'] as const;

// The appliance's relative offsets (darktrace-api.md §4.20): 7days, 1hour, 30min; a bare number is seconds.
const SEEN_SINCE = /^\d{1,6}(s|sec|secs|min|mins|minute|minutes|hour|hours|day|days|week|weeks)?$/i;

export const getDevices = defineCommand('darktrace-get-devices', {
  check: (args) =>
    args.seen_since === undefined || SEEN_SINCE.test(args.seen_since)
      ? undefined
      : { argument: 'seen_since', message: 'expected an offset such as 7days, 1hour or 30min' },
  async run({ client, args }) {
    const devices = await client.devices({
      ...(args.ip ? { ip: args.ip } : {}),
      ...(args.hostname ? { hostname: args.hostname } : {}),
      ...(args.seen_since ? { seenSince: args.seen_since } : {}),
    });
    // The API sends epoch ms; the context, like the seed's other commands, carries ISO strings.
    const rows = devices.map((d) => withIsoTimes(pickDefined(d, HEADERS), ['firstSeen', 'lastSeen']));
    return {
      outputs: rows.length ? { 'Darktrace.Device': rows } : {},
      readable: renderTable('Darktrace devices', rows, { headers: [...HEADERS], emptyText: 'No devices matched.' }),
      raw: devices,
    };
  },
});
