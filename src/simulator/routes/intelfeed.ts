// GET and POST /intelfeed, the watched-domain list (darktrace-api.md §4.5, §4.6). POST takes a
// form or JSON (6.0+): addentry, addlist (comma or newline separated), description, source,
// expiry, iagn, hostname, removeentry, removeall. Re-adding a known entry counts as "updated".
import type { IntelEntry } from '../dataset.js';
import { boolParam, inputError, json, postParams, type Route } from './route-kit.js';

const DEFAULT_SOURCE = 'Default';

function sameSource(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export const intelFeedRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/intelfeed$/,
    handler: (ctx) => {
      const feed = ctx.state.intelfeed;
      if (boolParam(ctx.query, 'sources', false)) return json([...new Set(feed.map((e) => e.source))]);
      const source = ctx.query.get('source');
      const rows = source ? feed.filter((e) => sameSource(e.source, source)) : feed;
      return json(boolParam(ctx.query, 'fulldetails', false) ? rows : rows.map((e) => e.name));
    },
  },
  {
    method: 'POST',
    pattern: /^\/intelfeed$/,
    handler: (ctx) => {
      const p = postParams(ctx);
      const feed = ctx.state.intelfeed;
      const source = p.get('source') || DEFAULT_SOURCE;
      if (source.length >= 64) throw inputError('source must be shorter than 64 characters');
      const description = p.get('description') ?? undefined;
      if (description !== undefined && description.length >= 256) throw inputError('description must be shorter than 256 characters');
      if (p.get('removeall') === 'true') {
        const removed = feed.length;
        feed.length = 0;
        return json({ removed, response: 'SUCCESS' });
      }
      const toRemove = p.get('removeentry');
      if (toRemove) {
        // With a source, only that source's entry goes (§B.5: `source` matters when several exist).
        const given = p.get('source');
        const i = feed.findIndex((e) => e.name === toRemove.trim() && (!given || sameSource(e.source, given)));
        if (i >= 0) feed.splice(i, 1);
        return json({ removed: i >= 0 ? 1 : 0, response: 'SUCCESS' });
      }
      const names = [p.get('addentry') ?? '', ...(p.get('addlist') ?? '').split(/[,\n]/)].map((s) => s.trim()).filter(Boolean);
      if (names.length === 0) throw inputError('addentry or addlist is required');
      let added = 0;
      let updated = 0;
      for (const name of names) {
        const entry: IntelEntry = {
          name,
          ...(description ? { description } : {}),
          ...(p.get('expiry') ? { expiry: p.get('expiry')! } : {}),
          strength: 100,
          iagn: p.get('iagn') === 'true',
          source,
          ...(p.get('hostname') === 'true' ? { hostname: true } : {}),
        };
        const existing = feed.findIndex((e) => e.name === name && sameSource(e.source, source));
        if (existing >= 0) {
          feed[existing] = entry;
          updated++;
        } else {
          feed.push(entry);
          added++;
        }
      }
      return json({ added, updated, response: 'SUCCESS' });
    },
  },
];
