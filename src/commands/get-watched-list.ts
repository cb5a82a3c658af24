// darktrace-get-watched-list → GET /intelfeed → src/simulator/routes/intelfeed.ts
// darktrace-get-watched-list: GET /intelfeed (reference/darktrace-api.md §4.6, darktrace-next.md
// §B.8): the watched domains and IPs, as names or, with fulldetails, as objects.
import { isPlainObject } from '../appliance-values.js';
import { renderTable } from '../render/markdown.js';
import { defineCommand } from './define-command.js';
import { emptyResult } from './shape.js';

const MAX_ROWS = 100;

/** One watched entry as the context shows it: a bare name becomes {name}; objects keep their fields. */
export function watchedEntries(feed: readonly unknown[]): Array<Record<string, unknown>> {
  return feed.flatMap((e) => (typeof e === 'string' ? [{ name: e }] : isPlainObject(e) && typeof e['name'] === 'string' ? [e] : []));
}

export const getWatchedList = defineCommand('darktrace-get-watched-list', {
  async run({ client, args }) {
    const fullDetails = args.full_details;
    const feed = await client.getIntelFeed({ fullDetails, ...(args.source ? { source: args.source } : {}) });
    const entries = watchedEntries(feed);
    const title = `Watched list${args.source ? ` (source ${args.source})` : ''}`;
    if (entries.length === 0) return emptyResult(title, 'No watched domains or IP addresses.', feed);
    return {
      outputs: { 'Darktrace.WatchedEndpoint': entries },
      readable: renderTable(title, entries, {
        headers: fullDetails ? ['name', 'source', 'description', 'expiry', 'strength', 'iagn', 'hostname'] : ['name'],
        maxRows: MAX_ROWS,
      }),
      raw: feed,
    };
  },
});
