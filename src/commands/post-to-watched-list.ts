// darktrace-post-to-watched-list → POST /intelfeed, GET /intelfeed → src/simulator/routes/intelfeed.ts
// darktrace-post-to-watched-list: POST /intelfeed JSON {addlist, description} (reference/
// darktrace-api.md §4.5, §7). The seed documents Darktrace.Endpoint.Watched while XA outputs the
// raw answer; the context carries both.
import { RejectedError } from '../errors.js';
import { isHostname, isIpAddress } from '../net-values.js';
import { joinSections, renderNote, renderTable } from '../render/markdown.js';
import { confirmWrite } from './confirm-write.js';
import { defineCommand } from './define-command.js';

const MAX_ROWS = 20;

export const postToWatchedList = defineCommand('darktrace-post-to-watched-list', {
  // An entry may be an IP address or a host name: a manifest argument has one type.
  check(a) {
    const bad = a.endpointsToWatch.find((e) => !isIpAddress(e) && !isHostname(e));
    if (bad === undefined) return undefined;
    return {
      argument: 'endpointsToWatch',
      message: `every entry must be an IP address, a host name or a domain such as evil.example; ${JSON.stringify(bad)} is not`,
    };
  },
  async run({ client, args }) {
    const endpoints = [...new Set(args.endpointsToWatch)];
    // A lost answer is not followed by a second POST: the watched list is read back instead. An
    // entry watched before this command also reads back as present, which is the state asked for.
    const outcome = await confirmWrite({
      write: () => client.postIntelFeed({ addlist: endpoints, ...(args.description ? { description: args.description } : {}) }),
      isApplied: async () => {
        const watched = new Set((await client.getIntelFeed()).map(feedEntryName).filter((n): n is string => n !== undefined));
        return endpoints.every((e) => watched.has(e.toLowerCase()));
      },
      what: 'the watched list update',
      where: 'the watched list',
    });
    if (!outcome.verified && outcome.value.response !== 'SUCCESS') {
      throw new RejectedError(
        `Darktrace did not confirm the watched list update (answer: ${JSON.stringify(outcome.value.response ?? null)}): check that the API token may edit domains.`,
        { method: 'POST', path: '/intelfeed' },
      );
    }
    const answer = outcome.verified ? { response: 'VERIFIED' } : outcome.value;
    const added = answer.added ?? 0;
    const updated = answer.updated ?? 0;
    const summary = outcome.verified
      ? 'The answer was lost; every endpoint sent is on the watched list now.'
      : `${added} added, ${updated} updated (already watched).`;
    return {
      outputs: {
        'Darktrace.Endpoint': {
          Watched: true,
          endpoints,
          ...(args.description ? { description: args.description } : {}),
          ...(outcome.verified ? {} : { added, updated }),
          response: answer.response,
        },
      },
      readable: joinSections(
        renderNote('Watched list update', summary),
        renderTable(
          'Endpoints sent',
          endpoints.map((endpoint) => ({ endpoint, description: args.description ?? '' })),
          { headers: ['endpoint', 'description'], maxRows: MAX_ROWS },
        ),
      ),
      raw: answer,
    };
  },
});

/** GET /intelfeed lists names, or objects with `name` under fulldetails (§4.6); compared lower-case. */
function feedEntryName(entry: unknown): string | undefined {
  const name = typeof entry === 'string' ? entry : entry !== null && typeof entry === 'object' ? (entry as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name.toLowerCase() : undefined;
}
