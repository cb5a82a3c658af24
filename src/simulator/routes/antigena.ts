// RESPOND / Antigena (darktrace-next.md §B): GET /antigena, GET /antigena/summary, POST /antigena
// (activate, extend, clear, reactivate) and POST /antigena/manual, as a state machine over the
// dataset's `respond` section. The rules are §B.2's: an action stays `active` after it expires;
// a clear sets cleared and suppresses the same action for the same model on the same device until
// the original expiry; `duration` is the new remaining time counted from now, not an increment;
// reactivating a cleared or expired action needs a duration. With "Audit Antigena" on, a POST
// without a reason fails (G61); a client-sensor device refuses pol, gpol and quarantineOutgoing
// with HTTP 400 and nothing is created (MCPLAB 6f).
import type { RespondAction, RespondState, SimulatorDataset } from '../dataset.js';
import { ApplianceAnswer, boolParam, intParam, json, jsonBody, timeWindow, type Route, type RouteContext } from './route-kit.js';

/**
 * 400 with the reason as `error`. The appliance's refusal bodies for these endpoints are not
 * documented (§B.6); the reason goes where clients read an appliance's error text.
 */
function inputError(reason: string): ApplianceAnswer {
  return new ApplianceAnswer(400, { error: reason });
}

const ACTIONS = ['connection', 'pol', 'gpol', 'quarantine', 'quarantineOutgoing', 'quarantineIncoming'] as const;
type ActionName = (typeof ACTIONS)[number];
const LABELS: Readonly<Record<ActionName, string>> = {
  connection: 'Block matching connections',
  pol: 'Enforce pattern of life',
  gpol: 'Enforce group pattern of life',
  quarantine: 'Quarantine device',
  quarantineOutgoing: 'Quarantine outgoing traffic',
  quarantineIncoming: 'Quarantine incoming traffic',
};
/** §B.4: refused on a client-sensor device in the 7.1.0 lab. */
const NOT_ON_CLIENT_SENSOR = new Set<string>(['pol', 'gpol', 'quarantineOutgoing']);
/** Without a window the appliance lists actions with a future expiry and those expired in the last 14 days (G61). */
const RECENT_MS = 14 * 24 * 3600_000;
/** The user the simulator's API token belongs to: history and triggerer carry it (G61). */
const TOKEN_USER = 'api-soar';

function isPending(a: RespondAction, nowMs: number): boolean {
  return !a.active && !a.cleared && a.expires > nowMs;
}

function record(a: RespondAction, includeHistory: boolean): Record<string, unknown> {
  const { history, connections: _connections, ...rest } = a;
  return includeHistory ? { ...rest, history } : rest;
}

/** The starttime/endtime (or from/to) window, pairs only (G61): one end alone is refused. */
function pairWindow(q: URLSearchParams): { start: number; end: number } | undefined {
  const has = (k: string) => (q.get(k) ?? '') !== '';
  if (has('starttime') !== has('endtime') || has('from') !== has('to')) throw inputError('starttime and endtime (or from and to) must be given together');
  if (!has('starttime') && !has('from')) return undefined;
  return timeWindow(q);
}

function listed(ctx: RouteContext): RespondAction[] {
  const { query: q, nowMs } = ctx;
  const window = pairWindow(q);
  const did = intParam(q, 'did');
  const pbid = intParam(q, 'pbid');
  const includeCleared = boolParam(q, 'includecleared', false);
  const needConfirming = boolParam(q, 'needconfirming', false);
  return ctx.state.respond.actions.filter(
    (a) =>
      (window ? a.start >= window.start && a.start <= window.end : a.expires > nowMs - RECENT_MS) &&
      (includeCleared || !a.cleared) &&
      (!needConfirming || isPending(a, nowMs)) &&
      (did === undefined || a.did === did) &&
      (pbid === undefined || a.pbid === pbid),
  );
}

function positiveInt(body: Record<string, unknown>, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw inputError(`${key} must be a positive integer`);
  return v;
}

function reasonOf(state: RespondState, body: Record<string, unknown>): string {
  const reason = typeof body['reason'] === 'string' ? body['reason'] : '';
  if (state.auditAntigena && reason.trim() === '') throw inputError('A reason is required: Audit Antigena is enabled on this appliance');
  return reason;
}

function note(a: RespondAction, action: string, reason: string, nowMs: number): void {
  a.history.push({ family: 'NETWORK', username: TOKEN_USER, action, reason, time: nowMs });
  a.updated = String(nowMs);
}

/** POST /antigena: one of activate / clear / extend on an existing action (§B.2). */
function changeAction(ctx: RouteContext): RespondAction {
  const { state, nowMs } = ctx;
  const body = jsonBody(ctx);
  const codeid = body['codeid'];
  if (typeof codeid !== 'number' || !Number.isInteger(codeid)) throw inputError('codeid is required');
  const activate = body['activate'] === true;
  const clear = body['clear'] === true;
  if (activate && clear) throw inputError('activate and clear cannot be combined');
  const duration = positiveInt(body, 'duration');
  const reason = reasonOf(state.respond, body);
  const a = state.respond.actions.find((x) => x.codeid === codeid);
  if (!a) throw inputError(`Action ${codeid} does not exist`);
  if (clear) {
    if (a.expires > nowMs) state.respond.suppressions.push({ did: a.did, action: a.action, modeluuid: a.modeluuid, until: a.expires });
    a.active = false;
    a.cleared = true;
    note(a, 'cleared', reason, nowMs);
    return a;
  }
  if (activate) {
    const ended = a.cleared || (a.active && a.expires <= nowMs) || (!a.active && a.expires <= nowMs);
    if (ended && duration === undefined) throw inputError(`Action ${codeid} has ended: a duration is required to reactivate it`);
    const how = a.cleared ? 'reactivated (cleared)' : ended ? 'reactivated (expired)' : 'activated';
    a.expires = nowMs + (duration ?? state.respond.defaultDurationS) * 1000;
    a.active = true;
    a.cleared = false;
    state.respond.suppressions = state.respond.suppressions.filter((s) => !(s.did === a.did && s.action === a.action && s.modeluuid === a.modeluuid));
    note(a, how, reason, nowMs);
    return a;
  }
  if (duration === undefined) throw inputError('one of activate, clear or duration is required');
  if (!a.active || a.cleared || a.expires <= nowMs) throw inputError(`Action ${codeid} is not active: activate or reactivate it instead`);
  a.expires = nowMs + duration * 1000;
  note(a, 'extended', reason, nowMs);
  return a;
}

function parseConnections(v: unknown): RespondAction['connections'] {
  if (!Array.isArray(v) || v.length === 0) throw inputError('connections is required for a connection action: [{"src","dst","port"}]');
  return v.map((c: unknown) => {
    const o = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
    if (typeof o['src'] !== 'string' || typeof o['dst'] !== 'string') throw inputError('every connection needs src and dst');
    const port = o['port'];
    if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port))) throw inputError('port must be an integer');
    return { src: o['src'], dst: o['dst'], ...(port === undefined ? {} : { port }) };
  });
}

/** POST /antigena/manual (TV 6+, §B.1 B3): a new, active manual action. */
function createManual(ctx: RouteContext): RespondAction {
  const { state, nowMs } = ctx;
  const body = jsonBody(ctx);
  const did = body['did'];
  if (typeof did !== 'number' || !Number.isInteger(did)) throw inputError('did is required');
  const device = state.devices.find((d) => d.did === did);
  if (!device) throw inputError(`Device ${did} does not exist`);
  const action = body['action'];
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) throw inputError(`action must be one of ${ACTIONS.join(', ')}`);
  const duration = positiveInt(body, 'duration');
  if (duration === undefined) throw inputError('duration is required');
  const reason = reasonOf(state.respond, body);
  if (action !== 'connection' && body['connections'] !== undefined) throw inputError('connections apply only to the connection action');
  const connections = action === 'connection' ? parseConnections(body['connections']) : [];
  if (state.respond.clientSensorDids.includes(did) && NOT_ON_CLIENT_SENSOR.has(action)) {
    throw inputError(`Action ${action} is not supported for client sensor devices`);
  }
  const codeid = Math.max(0, ...state.respond.actions.map((a) => a.codeid)) + 1;
  const created: RespondAction = {
    codeid,
    did,
    ip: device.ip ?? '',
    action: action as ActionName,
    manual: true,
    triggerer: { username: TOKEN_USER, reason },
    label: LABELS[action as ActionName],
    detail: connections.map((c) => `${c.src} -> ${c.dst}${c.port === undefined ? '' : `:${c.port}`}`).join(', '),
    score: 0,
    pbid: 0,
    model: '',
    modeluuid: '',
    start: nowMs,
    expires: nowMs + duration * 1000,
    blocked: action === 'connection',
    updated: String(nowMs),
    agemail: false,
    aghost: state.respond.clientSensorDids.includes(did),
    active: true,
    cleared: false,
    connections,
    history: [{ family: 'NETWORK', username: TOKEN_USER, action: 'created', reason, time: nowMs }],
  };
  state.respond.actions.push(created);
  return created;
}

/**
 * A model breach triggering an action, as the appliance does on its own (tests call this to show
 * suppression): a pending action (or active, without confirmation), unless a clear suppressed the
 * same action for the same model on the same device. Undefined when suppressed.
 */
export function triggerModelAction(
  state: SimulatorDataset,
  o: { did: number; pbid: number; action: ActionName; model: string; modeluuid: string; durationS: number; nowMs: number; confirm?: boolean },
): RespondAction | undefined {
  const r = state.respond;
  r.suppressions = r.suppressions.filter((s) => s.until > o.nowMs);
  if (r.suppressions.some((s) => s.did === o.did && s.action === o.action && s.modeluuid === o.modeluuid)) return undefined;
  const device = state.devices.find((d) => d.did === o.did);
  const action: RespondAction = {
    codeid: Math.max(0, ...r.actions.map((a) => a.codeid)) + 1,
    did: o.did,
    ip: device?.ip ?? '',
    action: o.action,
    manual: false,
    triggerer: null,
    label: LABELS[o.action],
    score: 0.5,
    pbid: o.pbid,
    model: o.model,
    modeluuid: o.modeluuid,
    start: o.nowMs,
    expires: o.nowMs + o.durationS * 1000,
    updated: String(o.nowMs),
    active: o.confirm !== true,
    cleared: false,
    connections: [],
    history: [{ family: 'NETWORK', username: '', action: o.confirm ? 'created (requires confirmation)' : 'created', reason: '', time: o.nowMs }],
  };
  r.actions.push(action);
  return action;
}

export const antigenaRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/antigena$/,
    handler: (ctx) => {
      const q = ctx.query;
      const actions = listed(ctx);
      const rows = actions.map((a) => record(a, boolParam(q, 'includehistory', false)));
      const withDevices = boolParam(q, 'fulldevicedetails', false);
      const withConnections = boolParam(q, 'includeconnections', false);
      if (!withDevices && !withConnections) return json(rows);
      const dids = new Set(actions.map((a) => a.did));
      return json({
        actions: rows,
        ...(withDevices ? { devices: ctx.state.devices.filter((d) => dids.has(d.did)) } : {}),
        ...(withConnections ? { connections: actions.flatMap((a) => a.connections.map((c) => ({ codeid: a.codeid, did: a.did, ...c }))) } : {}),
      });
    },
  },
  {
    method: 'GET',
    pattern: /^\/antigena\/summary$/,
    handler: (ctx) => {
      const { nowMs } = ctx;
      const window = pairWindow(ctx.query);
      const inWindow = (a: RespondAction) => !window || (a.start <= window.end && a.expires >= window.start);
      const actions = ctx.state.respond.actions.filter((a) => !a.cleared && inWindow(a));
      // G61: pendingCount is always 0 when a window is given.
      const pending = window ? [] : actions.filter((a) => isPending(a, nowMs));
      const active = actions.filter((a) => a.active && (window ? true : a.expires > nowMs));
      return json({
        pendingCount: pending.length,
        activeCount: active.length,
        pendingActionDevices: [...new Set(pending.map((a) => a.did))],
        activeActionDevices: [...new Set(active.map((a) => a.did))],
      });
    },
  },
  {
    method: 'POST',
    pattern: /^\/antigena$/,
    handler: (ctx) => {
      changeAction(ctx);
      return json({ response: 'SUCCESS' });
    },
  },
  {
    method: 'POST',
    pattern: /^\/antigena\/manual$/,
    handler: (ctx) => {
      const created = createManual(ctx);
      return json({ [ctx.state.respond.manualAnswerKey]: created.codeid });
    },
  },
];
