// GET /devices (darktrace-api.md §4.20): ip, did, mac, hostname (our addition), seensince
// ('7days', '1hour', '30min'; a bare number is seconds), count. Always a bare array, in a
// deterministic shuffled order.
import { shuffled } from '../prng.js';
import { boolParam, inputError, intParam, json, type Route } from './route-kit.js';

const UNIT_MS: Record<string, number> = {
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
};

/** '7days' -> 604800000; '90' -> 90000 (seconds, inferred). */
function parseSeenSince(raw: string): number {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(raw.trim());
  const unit = m ? UNIT_MS[(m[2] || 's').toLowerCase()] : undefined;
  if (!m || unit === undefined) throw inputError(`seensince must look like 7days, 1hour or 30min, got ${raw}`);
  return Number(m[1]) * unit;
}

export const devicesRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/devices$/,
    handler: (ctx) => {
      const q = ctx.query;
      const did = intParam(q, 'did');
      const ip = q.get('ip');
      const mac = q.get('mac')?.toLowerCase();
      const hostname = q.get('hostname')?.toLowerCase();
      const seen = q.get('seensince');
      const since = seen ? ctx.nowMs - parseSeenSince(seen) : Number.NEGATIVE_INFINITY;
      const count = intParam(q, 'count');
      const includeTags = boolParam(q, 'includetags', false);
      const rows = ctx.state.devices.filter(
        (d) =>
          (did === undefined || d.did === did) &&
          (!ip || d.ip === ip) &&
          (!mac || d.macaddress?.toLowerCase() === mac) &&
          (!hostname || d.hostname?.toLowerCase() === hostname) &&
          (d.lastSeen ?? 0) >= since,
      );
      const out = shuffled(rows, ctx.shuffleSeed).slice(0, count ?? rows.length);
      if (!includeTags) return json(out);
      const tagsFor = (did: number) => {
        const tids = new Set(ctx.state.tagEntities.filter((e) => e.entityValue === String(did)).map((e) => e.tid));
        return ctx.state.tags.filter((t) => tids.has(t.tid));
      };
      return json(out.map((d) => ({ ...d, tags: tagsFor(d.did) })));
    },
  },
];
