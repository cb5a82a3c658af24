// darktrace-get-similar-devices → GET /similardevices → src/simulator/routes/similardevices.ts
// darktrace-get-similar-devices: GET /similardevices (reference/darktrace-api.md §4.1, §7).
import { joinSections, renderTable } from '../render/markdown.js';
import { defineCommand } from './define-command.js';
import { emptyResult, ipsCell, minuteCell, unreadableNote, withIsoTimes } from './shape.js';

const MAX_ROWS = 50;

export const getSimilarDevices = defineCommand('darktrace-get-similar-devices', {
  async run({ client, args }) {
    const { items: similar, unreadable, received } = await client.similarDevices({ did: args.did, count: args.max_results });
    const title = `List of similar devices to device:${args.did}:`;
    if (similar.length === 0 && unreadable.length === 0) return emptyResult(title, `No similar devices found for device ${args.did}.`, received);
    // The seed's context shows firstSeen/lastSeen as ISO strings; the API sends epoch ms.
    const devices = similar.map((d) => withIsoTimes(d, ['firstSeen', 'lastSeen']));
    return {
      // `did` is the key of the seed's context example, `deviceId` the one of its output table: both.
      outputs: { 'Darktrace.SimilarDevices': { deviceId: args.did, did: args.did, devices } },
      readable: joinSections(
        renderTable(title, devices, {
          headers: ['did', 'hostname', 'ip', 'ips', 'macaddress', 'score', 'typelabel', 'firstSeen', 'lastSeen'],
          formatters: { ips: ipsCell, firstSeen: minuteCell, lastSeen: minuteCell },
          maxRows: MAX_ROWS,
        }),
        unreadableNote(`devices similar to device ${args.did}`, unreadable),
      ),
      raw: received,
    };
  },
});
