// GET /modelbreaches and GET /modelbreaches/<pbid> (darktrace-api.md §4.9, §4.10, §5).
// The window filters `time` by default and `creationTime` with creationtime=true, both ends
// inclusive; acknowledged breaches are left out unless includeacknowledged=true; the list comes
// back in a deterministic shuffled order because the appliance's order is undocumented (§4.9).
// Unlike the appliance, a call without a window is not capped at one year, so the static data
// stays visible whatever the host clock says.
import type { Breach } from '../dataset.js';
import { shuffled } from '../prng.js';
import { boolParam, floatParam, inputError, intParam, json, notFound, timeWindow, type Route, type RouteContext } from './route-kit.js';

/** Applies the presentation parameters (minimal, deviceattop, historicmodelonly, includebreachurl). */
function presentBreach(ctx: RouteContext, breach: Breach): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(breach);
  const q = ctx.query;
  const minimal = boolParam(q, 'minimal', false);
  if (boolParam(q, 'historicmodelonly', false)) out['model'] = breach.model.then;
  if (minimal) delete out['triggeredComponents'];
  if (!boolParam(q, 'deviceattop', true)) {
    // deviceattop=false moves the device into each triggered component (§5).
    const comps = (out['triggeredComponents'] as Array<Record<string, unknown>> | undefined) ?? [];
    out['triggeredComponents'] = comps.map((c) => ({ ...c, device: breach.device }));
    delete out['device'];
  }
  if (boolParam(q, 'includebreachurl', false) && !minimal) out['breachUrl'] = `${ctx.baseUrl}/#modelbreach/${breach.pbid}`;
  return out;
}

export function findBreach(ctx: RouteContext, pbid: number): Breach {
  const breach = ctx.state.breaches.find((b) => b.pbid === pbid);
  if (!breach) throw notFound(`Model breach ${pbid} not found`);
  return breach;
}

/** A pbid path segment; anything that is not a number is an unknown breach (404). */
export function pbidParam(raw: string): number {
  if (!/^\d+$/.test(raw)) throw notFound(`Model breach ${raw} not found`);
  return Number(raw);
}

/**
 * pbid=<a>,<b>,... (the API guide's note `/modelbreaches?pbid=[pbid1],[pbid2]`, darktrace-next.md
 * §C.2): the breaches of the list that exist, acknowledged ones only with includeacknowledged=true,
 * as the list form filters them. With the refuseBatchPbid quirk the comma form is an INPUT ERROR,
 * as an appliance that reads pbid as one integer would answer. Undefined when pbid is no list.
 */
function batchPbids(ctx: RouteContext): Record<string, unknown>[] | undefined {
  const raw = ctx.query.get('pbid');
  if (raw === null || !raw.includes(',')) return undefined;
  if (ctx.quirks?.refuseBatchPbid) throw inputError(`pbid must be an integer, got ${raw}`);
  const wanted = new Set(raw.split(',').map((part) => Number(part.trim())));
  const includeAck = boolParam(ctx.query, 'includeacknowledged', false);
  return ctx.state.breaches.filter((b) => wanted.has(b.pbid) && (includeAck || !b.acknowledged)).map((b) => presentBreach(ctx, b));
}

export const modelBreachesRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/modelbreaches$/,
    handler: (ctx) => {
      const q = ctx.query;
      const batch = batchPbids(ctx);
      if (batch !== undefined) return json(batch);
      const pbid = intParam(q, 'pbid');
      if (pbid !== undefined) return json(presentBreach(ctx, findBreach(ctx, pbid)));
      const { start, end } = timeWindow(q);
      const onCreation = boolParam(q, 'creationtime', false);
      const minscore = floatParam(q, 'minscore') ?? 0;
      if (minscore < 0 || minscore > 1) throw inputError(`minscore is a 0-1 float, got ${minscore}`);
      const includeAck = boolParam(q, 'includeacknowledged', false);
      const did = intParam(q, 'did');
      const pid = intParam(q, 'pid');
      const uuid = q.get('uuid') || undefined;
      const rows = ctx.state.breaches.filter((b) => {
        const t = onCreation ? b.creationTime : b.time;
        return (
          t >= start &&
          t <= end &&
          b.score >= minscore &&
          (includeAck || !b.acknowledged) &&
          (did === undefined || b.device.did === did) &&
          (pid === undefined || b.model.then.pid === pid) &&
          (uuid === undefined || b.model.then.uuid === uuid)
        );
      });
      return json(shuffled(rows, ctx.shuffleSeed).map((b) => presentBreach(ctx, b)));
    },
  },
  {
    method: 'GET',
    pattern: /^\/modelbreaches\/([^/]+)$/,
    handler: (ctx, [raw]) => json(presentBreach(ctx, findBreach(ctx, pbidParam(raw!)))),
  },
];
