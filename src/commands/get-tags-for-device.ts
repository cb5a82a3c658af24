// darktrace-get-tags-for-device → GET /tags/entities → src/simulator/routes/tags-entities.ts
// darktrace-get-tags-for-device: GET /tags/entities?did= (reference/darktrace-api.md §4.7, §7).
import { joinSections, renderTable, textCell } from '../render/markdown.js';
import { defineCommand } from './define-command.js';
import { emptyResult, minuteCell, unreadableNote } from './shape.js';

export const getTagsForDevice = defineCommand('darktrace-get-tags-for-device', {
  async run({ client, args }) {
    const { items: tags, unreadable, received } = await client.deviceTags(args.deviceId);
    const title = `Tags on device ${args.deviceId}`;
    if (tags.length === 0 && unreadable.length === 0) return emptyResult(title, `No tags on device ${args.deviceId}.`, received);
    // `expiry` stays epoch ms (the seed declares it a Number); 0 means the tag never expires.
    // `data.description` can be missing (§4.7), hence the guard.
    const rows = tags.map((t) => ({
      deviceId: args.deviceId,
      tagId: t.tid,
      tagName: t.name,
      tagDescription: t.data?.description ?? '',
      expiry: t.expiry ?? 0,
    }));
    return {
      outputs: { 'Darktrace.Device': rows },
      readable: joinSections(
        renderTable(title, rows, {
          headers: ['tagId', 'tagName', 'tagDescription', 'expiry'],
          formatters: { expiry: textCell((v, row) => (v === 0 ? 'never' : minuteCell(v, row))) },
        }),
        unreadableNote(`tags on device ${args.deviceId}`, unreadable),
      ),
      raw: received,
    };
  },
});
