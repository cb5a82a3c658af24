// /advancedsearch/api/search (GET /<b64>, POST {"hash":"<b64>"}) and
// /advancedsearch/api/analyze/<metric>/<operation>/<b64> (darktrace-api.md §4.4, §4.21).
// The query object is standard Base64 of UTF-8 JSON. Hits are filtered by the `search` string
// (search-query.ts) and the time window, newest first; size defaults to 50 and is capped at
// 10 000, offset pages. Analyze counts the matching hits per value of <metric>.
import type { SearchHit } from '../dataset.js';
import { compileSearch, SearchSyntaxError } from '../search-query.js';
import { inputError, json, type Route, type RouteContext } from './route-kit.js';

const DEFAULT_SIZE = 50;
const MAX_SIZE = 10_000;
const ANALYZE_BATCH = 10_000;

interface SearchQuery {
  search?: unknown;
  offset?: unknown;
  size?: unknown;
  timeframe?: unknown;
  time?: { from?: unknown; to?: unknown };
  starttime?: unknown;
  endtime?: unknown;
  from?: unknown;
  to?: unknown;
}

function decodeQuery(b64: string): SearchQuery {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));
  } catch {
    throw inputError('the query is not Base64-encoded JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw inputError('the query must be a JSON object');
  return parsed as SearchQuery;
}

function toMs(v: unknown, what: string): number {
  const n =
    typeof v === 'number'
      ? v
      : typeof v === 'string' && /^\d+$/.test(v)
        ? Number(v)
        : Date.parse(
            String(v)
              .replace(' ', 'T')
              .replace(/(\d{2}:\d{2}(:\d{2})?)$/, '$1Z'),
          );
  if (!Number.isFinite(n)) throw inputError(`${what} is not a time: ${String(v)}`);
  return n;
}

function intOf(v: unknown, fallback: number, what: string): number {
  if (v === undefined || v === null || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw inputError(`${what} must be a non-negative integer`);
  return n;
}

/** [from, to] inclusive, from time.from/to (custom), starttime/endtime ms, from/to, or timeframe seconds. */
function window(q: SearchQuery, nowMs: number): { from: number; to: number } {
  if (q.starttime !== undefined || q.endtime !== undefined) {
    return { from: toMs(q.starttime ?? 0, 'starttime'), to: q.endtime === undefined ? nowMs : toMs(q.endtime, 'endtime') };
  }
  if (q.time?.from !== undefined && q.time.to !== undefined) return { from: toMs(q.time.from, 'time.from'), to: toMs(q.time.to, 'time.to') };
  if (q.from !== undefined && q.to !== undefined) return { from: toMs(q.from, 'from'), to: toMs(q.to, 'to') };
  if (q.timeframe !== undefined && q.timeframe !== 'custom') {
    const seconds = Number(q.timeframe);
    if (!Number.isFinite(seconds)) throw inputError(`timeframe must be "custom" or seconds, got ${String(q.timeframe)}`);
    return { from: nowMs - seconds * 1000, to: nowMs };
  }
  return { from: Number.NEGATIVE_INFINITY, to: nowMs };
}

function hitTime(hit: SearchHit): number {
  const epoch = hit._source['@fields']['epochdate'];
  if (typeof epoch === 'number') return Math.round(epoch * 1000);
  return Date.parse(`${hit._source['@timestamp']}Z`);
}

function matching(ctx: RouteContext, q: SearchQuery): { hits: SearchHit[]; from: number; to: number } {
  const { from, to } = window(q, ctx.nowMs);
  let predicate;
  try {
    predicate = compileSearch(typeof q.search === 'string' ? q.search : '');
  } catch (err) {
    if (err instanceof SearchSyntaxError) throw inputError(`search: ${err.message}`);
    throw err;
  }
  const hits = ctx.state.searchHits
    .filter((h) => {
      const t = hitTime(h);
      return t >= from && t <= to && predicate(h);
    })
    .sort((a, b) => hitTime(b) - hitTime(a) || a._id.localeCompare(b._id));
  return { hits, from, to };
}

function isoOrNull(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function searchAnswer(ctx: RouteContext, q: SearchQuery) {
  const size = Math.min(intOf(q.size, DEFAULT_SIZE, 'size'), MAX_SIZE);
  const offset = intOf(q.offset, 0, 'offset');
  const { hits, from, to } = matching(ctx, q);
  const page = hits.slice(offset, offset + size);
  return json({
    took: 3,
    timed_out: false,
    _shards: { total: 2, successful: 2, skipped: 0, failed: 0 },
    hits: { total: hits.length, max_score: null, hits: page },
    darktraceChildError: '',
    kibana: { index: [...new Set(page.map((h) => String(h['_index'] ?? '')))], per_page: size, time: { from: isoOrNull(from), to: isoOrNull(to) } },
  });
}

export const advancedSearchRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/advancedsearch\/api\/search\/([^/]+)$/,
    handler: (ctx, [b64]) => searchAnswer(ctx, decodeQuery(b64!)),
  },
  {
    method: 'POST',
    pattern: /^\/advancedsearch\/api\/search$/,
    handler: (ctx) => {
      let hash: unknown;
      try {
        hash = (JSON.parse(ctx.body) as { hash?: unknown }).hash;
      } catch {
        throw inputError('body must be JSON {"hash":"<base64 query>"}');
      }
      if (typeof hash !== 'string' || hash === '') throw inputError('hash is required');
      return searchAnswer(ctx, decodeQuery(hash));
    },
  },
  {
    method: 'GET',
    pattern: /^\/advancedsearch\/api\/analyze\/([^/]+)\/([^/]+)\/([^/]+)$/,
    handler: (ctx, [metric, operation, b64]) => {
      const q = decodeQuery(b64!);
      const offset = intOf(q.offset, 0, 'offset');
      const { hits, from, to } = matching(ctx, q);
      const counts = new Map<string, number>();
      for (const h of hits.slice(offset, offset + ANALYZE_BATCH)) {
        const field = metric!.startsWith('@fields.') ? metric!.slice('@fields.'.length) : metric!;
        const v = h._source['@fields'][field] ?? h._source[metric!];
        if (v === undefined || v === null) continue;
        counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
      }
      const rows = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const template = ctx.state.analyze;
      const kibana = (template['kibana'] ?? {}) as Record<string, unknown>;
      return json({
        ...template,
        hits: { total: hits.length, max_score: 0, hits: rows.map(([id, count]) => ({ count, id })) },
        aggregations: {
          [operation!]: { doc_count_error_upper_bound: 0, sum_other_doc_count: 0, buckets: rows.map(([key, doc_count]) => ({ key, doc_count })) },
        },
        kibana: { ...kibana, time: { from: isoOrNull(from), to: isoOrNull(to) } },
      });
    },
  },
];
