// darktrace-remove-tag-from-device → DELETE /tags/entities → src/simulator/routes/tags-entities-delete.ts; GET /tags/entities → src/simulator/routes/tags-entities.ts
// darktrace-remove-tag-from-device: DELETE /tags/entities?did=&tag= (darktrace-next.md §B.5), the
// rollback of darktrace-post-tag-to-device. The 7.1.0 lab gateway answered 502 to every DELETE
// although it was applied (MCPLAB): a lost or 5xx answer is settled by reading the device's tags
// back, and a removal found applied is reported done and verified, not as a failure.
import { RejectedError } from '../errors.js';
import { joinSections, renderKeyValue } from '../render/markdown.js';
import { confirmWrite } from './confirm-write.js';
import { defineCommand } from './define-command.js';
import { commandLine, dryRunResult, readAfter, rollbackSection, verificationNote } from './respond-shape.js';

export const removeTagFromDevice = defineCommand('darktrace-remove-tag-from-device', {
  async run({ client, args }) {
    const prepared = client.removeDeviceTagRequest({ did: args.deviceId, tag: args.tagName });
    const target = { deviceId: args.deviceId, tagName: args.tagName };
    if (args.dry_run)
      return dryRunResult({ contextPath: 'Darktrace.Device', record: target, what: `remove tag ${args.tagName} from device ${args.deviceId}`, prepared });
    const wanted = args.tagName.toLowerCase();
    const tagNames = async () => (await client.deviceTags(args.deviceId)).items.map((t) => t.name);
    const carries = (names: readonly string[]) => names.some((n) => n.toLowerCase() === wanted);
    const before = await tagNames();
    let after: string[] | undefined;
    let lost = false;
    try {
      const outcome = await confirmWrite({
        write: () => client.sendWrite(prepared),
        isApplied: async () => !carries((after = await tagNames())),
        what: `the removal of tag ${JSON.stringify(args.tagName)} from device ${args.deviceId}`,
        where: "the device's tags",
      });
      lost = outcome.verified;
    } catch (err) {
      if (!(err instanceof RejectedError)) throw err;
      throw new RejectedError(
        `Darktrace refused to remove tag ${JSON.stringify(args.tagName)} from device ${args.deviceId}: ${err.message} Check the tag name with darktrace-get-tags-for-device.`,
        err.request,
        { cause: err },
      );
    }
    let readFailed: string | undefined;
    if (!lost) ({ value: after, failed: readFailed } = await readAfter(tagNames));
    const verified = after !== undefined && !carries(after);
    const removed = carries(before);
    const seen =
      after === undefined ? `nothing: reading the device's tags failed (${readFailed})` : after.length ? `its tags are ${after.join(', ')}` : 'no tags on it';
    const rollback = removed ? commandLine('darktrace-post-tag-to-device', target) : undefined;
    const record = { ...target, removed, verified, seen, ...(rollback ? { rollback } : {}) };
    return {
      outputs: { 'Darktrace.Device': record },
      readable: joinSections(
        renderKeyValue(
          removed ? `Removed tag ${args.tagName} from device ${args.deviceId}` : `Device ${args.deviceId} did not carry tag ${args.tagName}`,
          record,
        ),
        verificationNote({
          lost,
          lostWhy: 'The answer was lost or an error (some gateways answer 502 to an applied DELETE)',
          verified,
          seen,
          where: "the device's tags",
          check: "Check the device's tags before relying on it.",
        }),
        rollbackSection(rollback, 'To put the tag back, run:'),
      ),
      raw: record,
    };
  },
});
