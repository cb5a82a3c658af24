import { z } from 'zod';
import { toIso } from '../clock.js';
import { renderNote, renderTable } from '../render/markdown.js';
import { defineCommand } from './define-command.js';

export const getSimilarDevices = defineCommand({
  name: 'darktrace-get-similar-devices',
  args: z.object({ did: z.number().int(), max_results: z.number().int() }),
  async run({ client, args }) {
    const similar = await client.similarDevices({ did: args.did, count: args.max_results });
    // The seed's context shows firstSeen/lastSeen as ISO strings; the API sends epoch ms.
    const devices = similar.map((d) => ({
      ...d,
      ...(typeof d.firstSeen === 'number' && d.firstSeen ? { firstSeen: toIso(d.firstSeen) } : {}),
      ...(typeof d.lastSeen === 'number' && d.lastSeen ? { lastSeen: toIso(d.lastSeen) } : {}),
    }));
    const title = `List of similar devices to device:${args.did}:`;
    return {
      outputs: devices.length ? { 'Darktrace.SimilarDevices': { deviceId: args.did, did: args.did, devices } } : {},
      readable: devices.length
        ? renderTable(title, devices, { headers: ['did', 'hostname', 'ip', 'ips', 'macaddress', 'score', 'sid', 'typelabel', 'firstSeen', 'lastSeen', 'vendor'] })
        : renderNote(title, `No similar devices found for device ${args.did}.`),
      raw: similar,
    };
  },
});
