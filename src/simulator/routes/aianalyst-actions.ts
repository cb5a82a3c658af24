// Writes on AI Analyst events and the endpoints around them (reference/darktrace-next.md §A.2):
// acknowledge/unacknowledge and pin/unpin take a form `uuid=<id>[,<id>…]` (the SDK: "the endpoints
// do not accept JSON") and answer {"aianalyst":"SUCCESS"} (XAIA and IBM fixtures; the pin answer is
// undocumented and assumed the same). Comments are read by `incident_id` and posted as JSON
// {incident_id, message}; with dropPostedComments the POST answers SUCCESS and stores nothing, as
// TV 7.0.42 did, and a comment on an unknown event is never stored (also SUCCESS). Investigations
// carry `time`/`investigationTime` in epoch seconds and stay `processing` for a few polls.
import type { AiaEvent } from '../aianalyst-data.js';
import { floatParam, inputError, intParam, json, postParams, type Route, type RouteContext } from './route-kit.js';

const SIMULATOR_USERNAME = 'api-user';
const SUCCESS = { aianalyst: 'SUCCESS' } as const;

function formUuids(ctx: RouteContext): string[] {
  if ((ctx.contentType ?? '').toLowerCase().startsWith('application/json')) throw inputError('this endpoint takes a form body, not JSON');
  const raw = new URLSearchParams(ctx.body).get('uuid');
  if (!raw) throw inputError('uuid is required');
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function setFlag(flag: 'acknowledged' | 'pinned', value: boolean): Route['handler'] {
  return (ctx) => {
    const uuids = formUuids(ctx);
    // Unknown ids are passed over without a word, as the comment endpoint does (§A.5).
    for (const e of ctx.state.aianalyst.events) if (uuids.includes(e.id)) (e as AiaEvent)[flag] = value;
    return json(SUCCESS);
  };
}

/** Seconds or ms: the guide's text says ms, its example sends seconds (SDKDOC); both are read. */
function epochMsParam(q: URLSearchParams, name: string): number | undefined {
  const v = floatParam(q, name);
  return v === undefined ? undefined : v < 1e11 ? v * 1000 : v;
}

export const aianalystActionRoutes: Route[] = [
  { method: 'POST', pattern: /^\/aianalyst\/acknowledge$/, handler: setFlag('acknowledged', true) },
  { method: 'POST', pattern: /^\/aianalyst\/unacknowledge$/, handler: setFlag('acknowledged', false) },
  { method: 'POST', pattern: /^\/aianalyst\/pin$/, handler: setFlag('pinned', true) },
  { method: 'POST', pattern: /^\/aianalyst\/unpin$/, handler: setFlag('pinned', false) },
  {
    method: 'GET',
    pattern: /^\/aianalyst\/incident\/comments$/,
    handler: (ctx) => {
      const id = ctx.query.get('incident_id');
      if (!id) throw inputError('incident_id is required');
      return json({ comments: ctx.state.aianalyst.comments.filter((c) => c.incident_id === id).sort((a, b) => a.time - b.time) });
    },
  },
  {
    method: 'POST',
    pattern: /^\/aianalyst\/incident\/comments$/,
    handler: (ctx) => {
      const p = postParams(ctx);
      const id = p.get('incident_id');
      const message = p.get('message');
      if (!id || !message) throw inputError('incident_id and message are required');
      const state = ctx.state.aianalyst;
      if (!state.dropPostedComments && state.events.some((e) => e.id === id)) {
        state.comments.push({ username: SIMULATOR_USERNAME, time: ctx.nowMs, incident_id: id, message });
      }
      return json(SUCCESS);
    },
  },
  {
    method: 'GET',
    pattern: /^\/aianalyst\/investigations$/,
    handler: (ctx) => {
      const q = ctx.query;
      const state = ctx.state.aianalyst;
      // camelCase per the guide; the SDK's lowercase investigationid is ignored (MCPDIFF: may not filter).
      const id = q.get('investigationId') || undefined;
      const start = epochMsParam(q, 'starttime');
      const end = epochMsParam(q, 'endtime');
      const rows = state.investigations.filter(
        (i) => (id === undefined || i.investigationId === id) && (start === undefined || i.time * 1000 >= start) && (end === undefined || i.time * 1000 <= end),
      );
      for (const i of rows) {
        const left = state.pendingInvestigations[i.investigationId];
        if (left === undefined) continue;
        if (left > 0) state.pendingInvestigations[i.investigationId] = left - 1;
        else {
          i.status = 'finished';
          delete state.pendingInvestigations[i.investigationId];
        }
      }
      return json(rows);
    },
  },
  {
    method: 'POST',
    pattern: /^\/aianalyst\/investigations$/,
    handler: (ctx) => {
      const p = postParams(ctx);
      const did = intParam(p, 'did');
      const at = intParam(p, 'investigateTime');
      if (did === undefined || at === undefined) throw inputError('did and investigateTime (epoch seconds) are required');
      if (at > 1e11) throw inputError('investigateTime is in seconds');
      if (!ctx.state.devices.some((d) => d.did === did)) throw inputError(`device ${did} not found`);
      const state = ctx.state.aianalyst;
      // Deterministic, so that golden outputs and the README's example stay the same run to run.
      const investigationId = `00000000-0000-4000-8000-${String(state.investigations.length + 1).padStart(12, '0')}`;
      state.investigations.push({
        investigationId,
        // Ten minutes after the time investigated rather than the clock: golden outputs and the
        // README's example stay the same on every run.
        time: at + 600,
        investigationTime: at,
        did,
        version: 2,
        status: state.investigationPolls > 0 ? 'processing' : 'finished',
        createdBy: SIMULATOR_USERNAME,
      });
      if (state.investigationPolls > 0) state.pendingInvestigations[investigationId] = state.investigationPolls;
      return json({ investigationId });
    },
  },
];
