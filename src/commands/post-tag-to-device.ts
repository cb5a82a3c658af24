// darktrace-post-tag-to-device → POST /tags/entities, GET /tags/entities → src/simulator/routes/tags-entities.ts
// darktrace-post-tag-to-device: POST /tags/entities form did, tag (reference/darktrace-api.md §4.8, §7).
import { RejectedError } from '../errors.js';
import { renderKeyValue } from '../render/markdown.js';
import { confirmWrite } from './confirm-write.js';
import { defineCommand } from './define-command.js';

export const postTagToDevice = defineCommand('darktrace-post-tag-to-device', {
  async run({ client, args }) {
    let tagged: { tid: number };
    let verified = false;
    try {
      // A lost answer is not followed by a second POST: the device's tags are read back instead,
      // and the tag id comes from there.
      let found: { tid: number } | undefined;
      const outcome = await confirmWrite({
        write: () => client.tagDevice({ did: args.deviceId, tag: args.tagName }),
        isApplied: async () => {
          found = (await client.deviceTags(args.deviceId)).items.find((t) => t.name === args.tagName);
          return found !== undefined;
        },
        what: `tagging device ${args.deviceId} with ${JSON.stringify(args.tagName)}`,
        where: "the device's tags",
      });
      verified = outcome.verified;
      tagged = outcome.verified ? { tid: found!.tid } : outcome.value;
    } catch (err) {
      // The appliance refuses an unknown tag or device with a bare "INPUT ERROR" (§2); say which
      // inputs it refused and what to check, keeping its answer as the cause.
      if (err instanceof RejectedError) {
        throw new RejectedError(
          `Darktrace refused to tag device ${args.deviceId} with ${JSON.stringify(args.tagName)}` +
            `${err.request?.status ? ` (HTTP ${err.request.status})` : ''}: check that the tag exists on the appliance ` +
            '(this command does not create tags) and that the device id is right.',
          err.request,
          { cause: err },
        );
      }
      throw err;
    }
    const record = { tagId: tagged.tid, tagName: args.tagName, deviceId: args.deviceId, response: 'Successfully Tagged' };
    return {
      outputs: { 'Darktrace.Device': record },
      readable: renderKeyValue(
        `Tagged device ${args.deviceId} with ${args.tagName}${verified ? " (the answer was lost; found among the device's tags)" : ''}`,
        record,
      ),
      raw: tagged,
    };
  },
});
