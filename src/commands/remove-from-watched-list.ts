// darktrace-remove-from-watched-list → POST /intelfeed, GET /intelfeed → src/simulator/routes/intelfeed.ts
// darktrace-remove-from-watched-list: POST /intelfeed {"removeentry", "source"} (darktrace-next.md
// §B.5), the rollback of darktrace-post-to-watched-list. `removeall` is never sent: it wipes every
// entry of every source. The entry is read before (for an exact rollback) and after (to verify).
import { RejectedError } from '../errors.js';
import { isHostname, isIpAddress } from '../net-values.js';
import { joinSections, renderKeyValue } from '../render/markdown.js';
import { confirmWrite } from './confirm-write.js';
import { defineCommand } from './define-command.js';
import { watchedEntries } from './get-watched-list.js';
import { commandLine, dryRunResult, readAfter, rollbackSection, verificationNote } from './respond-shape.js';

export const removeFromWatchedList = defineCommand('darktrace-remove-from-watched-list', {
  // An entry may be an IP address or a host name: a manifest argument has one type.
  check(a) {
    if (isIpAddress(a.endpoint) || isHostname(a.endpoint)) return undefined;
    return { argument: 'endpoint', message: `expected an IP address, a host name or a domain such as evil.example, got ${JSON.stringify(a.endpoint)}` };
  },
  async run({ client, args }) {
    const prepared = client.removeWatchedEntryRequest({ entry: args.endpoint, ...(args.source ? { source: args.source } : {}) });
    const target = { endpoint: args.endpoint, ...(args.source ? { source: args.source } : {}) };
    if (args.dry_run)
      return dryRunResult({ contextPath: 'Darktrace.Endpoint', record: target, what: `remove ${args.endpoint} from the watched list`, prepared });
    const wanted = args.endpoint.toLowerCase();
    const matching = async () =>
      watchedEntries(await client.getIntelFeed({ fullDetails: true, ...(args.source ? { source: args.source } : {}) })).filter(
        (e) => String(e['name']).toLowerCase() === wanted,
      );
    const before = await matching();
    let after: Array<Record<string, unknown>> | undefined;
    let lost = false;
    try {
      const outcome = await confirmWrite({
        write: () => client.sendWrite(prepared),
        isApplied: async () => (after = await matching()).length === 0,
        what: `the removal of ${args.endpoint} from the watched list`,
        where: 'the watched list',
      });
      lost = outcome.verified;
    } catch (err) {
      if (!(err instanceof RejectedError)) throw err;
      throw new RejectedError(`Darktrace refused to remove ${args.endpoint} from the watched list: ${err.message}`, err.request, { cause: err });
    }
    let readFailed: string | undefined;
    if (!lost) ({ value: after, failed: readFailed } = await readAfter(matching));
    const verified = after !== undefined && after.length === 0;
    const removed = before.length > 0;
    const seen =
      after === undefined
        ? `nothing: reading the watched list failed (${readFailed})`
        : after.length === 0
          ? `${args.endpoint} is not on the watched list${args.source ? ` of source ${args.source}` : ''}`
          : `${args.endpoint} is still watched (source ${after.map((e) => String(e['source'] ?? '?')).join(', ')})`;
    const description = before.map((e) => e['description']).find((d): d is string => typeof d === 'string' && d !== '');
    const rollback = removed
      ? commandLine('darktrace-post-to-watched-list', { endpointsToWatch: args.endpoint, ...(description ? { description } : {}) })
      : undefined;
    const record = { ...target, removed, verified, seen, ...(rollback ? { rollback } : {}) };
    return {
      outputs: { 'Darktrace.Endpoint': record },
      readable: joinSections(
        renderKeyValue(removed ? `Removed ${args.endpoint} from the watched list` : `${args.endpoint} was not on the watched list`, record),
        verificationNote({ lost, verified, seen, where: 'the watched list', check: 'Check the watched list before relying on it.' }),
        rollbackSection(rollback, 'To watch it again, run:'),
      ),
      raw: record,
    };
  },
});
