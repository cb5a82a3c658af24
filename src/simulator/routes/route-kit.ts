// What every route handler receives and returns. Handlers are synchronous functions of the
// request and the live dataset; the server does sockets, authentication, faults and recording.
import type { SimulatorDataset } from '../dataset.js';

export interface RouteContext {
  method: string;
  /** The path as received (after a configured reverse-proxy prefix is stripped). */
  path: string;
  query: URLSearchParams;
  body: string;
  contentType?: string | undefined;
  state: SimulatorDataset;
  /** The appliance clock, epoch ms. */
  nowMs: number;
  /** 'http://127.0.0.1:PORT', for breachUrl. */
  baseUrl: string;
  shuffleSeed: number;
  /** Behaviours of some appliances, switched on by tests (SimulatorQuirks in server.ts). */
  quirks?: SimulatorQuirks;
}

/** Appliance behaviours a test can switch at run time (RunningSimulator.quirks). */
export interface SimulatorQuirks {
  /** GET /modelbreaches?pbid=a,b answers INPUT ERROR, as on an appliance without the comma form. */
  refuseBatchPbid: boolean;
  /** GET /aianalyst/incidentevents?uuid=a,b answers INPUT ERROR, as on an appliance taking one uuid only (the guide shows one). */
  refuseBatchUuid?: boolean;
}

export interface RouteResult {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Matched against the raw path; capture groups are passed to the handler percent-decoded. */
  pattern: RegExp;
  handler: (ctx: RouteContext, params: string[]) => RouteResult;
}

/** Thrown by handlers for the appliance's error answers; the server turns it into a response. */
export class ApplianceAnswer extends Error {
  constructor(
    readonly status: number,
    readonly payload: Record<string, unknown>,
  ) {
    super(String(payload['error'] ?? status));
  }
}

export function json(value: unknown, status = 200): RouteResult {
  return { status, body: JSON.stringify(value), headers: { 'content-type': 'application/json; charset=utf-8' } };
}

/** 404 with `{"error": ...}` as the appliance answers an unknown object (darktrace-api.md §2). */
export function notFound(message: string): ApplianceAnswer {
  return new ApplianceAnswer(404, { error: message });
}

/** 400 INPUT ERROR for a parameter the appliance cannot use. */
export function inputError(message: string): ApplianceAnswer {
  return new ApplianceAnswer(400, { error: 'INPUT ERROR', message });
}

export function intParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw inputError(`${name} must be an integer, got ${raw}`);
  return Number(raw);
}

export function floatParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw inputError(`${name} must be a number, got ${raw}`);
  return n;
}

/** Booleans are lowercase true/false on the wire (darktrace-api.md §1.3.4). */
export function boolParam(q: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  return raw.toLowerCase() === 'true' || raw === '1';
}

/** A JSON body as an object, typed values kept (the RESPOND routes need true and numbers as sent). */
export function jsonBody(ctx: RouteContext): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.body === '' ? '{}' : ctx.body);
  } catch {
    throw inputError('body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw inputError('body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** The POST parameters, whether sent as a form or as a JSON object (both accepted, §3). */
export function postParams(ctx: RouteContext): URLSearchParams {
  if ((ctx.contentType ?? '').toLowerCase().startsWith('application/json')) {
    const parsed = jsonBody(ctx);
    const out = new URLSearchParams();
    for (const [k, v] of Object.entries(parsed)) if (v !== null && v !== undefined) out.append(k, String(v));
    return out;
  }
  return new URLSearchParams(ctx.body);
}

/** 'YYYY-MM-DD HH:MM:SS' (or with T) as UTC ms, the from/to format of §4.9. */
function parseFromTo(raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?Z?$/.exec(raw.trim());
  if (!m) throw inputError(`not a date: ${raw}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
}

/** A [start, end] window (inclusive) from starttime/endtime ms or from/to strings. */
export function timeWindow(q: URLSearchParams): { start: number; end: number } {
  const start = intParam(q, 'starttime') ?? parseFromTo(q.get('from')) ?? Number.NEGATIVE_INFINITY;
  const end = intParam(q, 'endtime') ?? parseFromTo(q.get('to')) ?? Number.POSITIVE_INFINITY;
  return { start, end };
}
