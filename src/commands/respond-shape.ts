// What the RESPOND commands share: an action as context (ISO times, the derived status), the
// reason rule, the dry-run preview of a write, and rollback lines (darktrace-next.md §B).
import type { RespondAction } from '../client/respond-schemas.js';
import type { PreparedRequest } from '../client/signing.js';
import { toIso } from '../clock.js';
import { ArgumentError, isDarktraceSoarError } from '../errors.js';
import { renderCodeBlock, renderKeyValue, joinSections, renderNote } from '../render/markdown.js';
import type { Params } from '../manifest/params.generated.js';
import type { CommandResult } from './define-command.js';

/** The instance parameter that supplies a reason when a write command is given none. */
const DEFAULT_REASON_PARAMETER = 'respond_default_reason' satisfies keyof Params;

/**
 * The status an analyst asks about, derived from the flags (§B.2, inferred): an action stays
 * `active` after it expires, a clear sets `cleared`, and a pending one is neither active nor past
 * its expiry.
 */
export function respondStatus(a: Pick<RespondAction, 'active' | 'cleared' | 'expires'>, nowMs: number): string {
  if (a.cleared) return 'cleared';
  const live = a.expires !== undefined && a.expires > nowMs;
  if (a.active) return live ? 'active' : 'expired';
  return live ? 'pending' : 'expired (never activated)';
}

/** One action as `Darktrace.RespondAction`: the fields of §B.8, times as ISO-8601 UTC. */
export function respondRecord(a: RespondAction, nowMs: number): Record<string, unknown> {
  const iso = (ms: number | undefined) => (ms === undefined || ms === 0 ? undefined : toIso(ms));
  const record: Record<string, unknown> = {
    codeid: a.codeid,
    did: a.did,
    ip: a.ip,
    action: a.action,
    label: a.label,
    detail: a.detail || undefined,
    status: respondStatus(a, nowMs),
    active: a.active,
    cleared: a.cleared,
    manual: a.manual,
    blocked: a.blocked,
    score: a.score,
    pbid: a.pbid,
    model: a.model,
    modeluuid: a.modeluuid,
    start: iso(a.start),
    expires: iso(a.expires),
    updated: iso(a.updated),
    agemail: a.agemail,
    aghost: a.aghost,
    triggerer: a.triggerer,
    history: a.history?.map((h) => ({ ...h, ...(h.time === undefined ? {} : { time: toIso(h.time) }) })),
  };
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== null));
}

/** Table columns of an action list; the context keeps every field. */
export const RESPOND_COLUMNS = ['codeid', 'did', 'ip', 'action', 'status', 'expires', 'model', 'pbid', 'reason'] as const;

/** A row of the actions table: the record plus the triggerer's reason (manual actions). */
export function respondRow(record: Record<string, unknown>): Record<string, unknown> {
  const triggerer = record['triggerer'] as { reason?: string } | undefined;
  return { ...record, reason: triggerer?.reason ?? '' };
}

/**
 * The reason sent with a RESPOND write: the argument, else the instance's respond_default_reason.
 * "Audit Antigena" makes the appliance refuse every POST without one (G61), so a missing reason is
 * an argument error here, before anything is sent.
 */
export function resolveReason(command: string, given: string | undefined, params: Params | undefined): string {
  const fallback = params?.[DEFAULT_REASON_PARAMETER];
  const reason = given?.trim() ? given : fallback?.trim() ? fallback : undefined;
  if (reason === undefined) {
    throw new ArgumentError(
      'reason',
      command,
      `is required: say why (it is recorded in the appliance's action history), or set the instance parameter ${DEFAULT_REASON_PARAMETER}`,
    );
  }
  return reason;
}

/** The request a write sends, as a dry run shows it: method, path with query, and the body. */
function requestPreview(prepared: PreparedRequest): { method: string; path: string; body?: unknown } {
  const body =
    prepared.body === undefined || prepared.body === '' ? undefined : prepared.contentType === 'application/json' ? JSON.parse(prepared.body) : prepared.body;
  return { method: prepared.method, path: prepared.requestTarget, ...(body === undefined ? {} : { body }) };
}

/** The preview as text: the request line, then the body exactly as it would go on the wire. */
function requestText(prepared: PreparedRequest): string {
  return `${prepared.method} ${prepared.requestTarget}${prepared.body ? `\n\n${prepared.body}` : ''}`;
}

/**
 * The answer of `dry_run=true`: the arguments were checked, the request was built exactly as a real
 * run builds it, and nothing was sent.
 */
export function dryRunResult(o: { contextPath: string; record: Record<string, unknown>; what: string; prepared: PreparedRequest }): CommandResult {
  const request = requestPreview(o.prepared);
  return {
    outputs: { [o.contextPath]: { ...o.record, dryRun: true, request } },
    readable: joinSections(
      renderNote(`Dry run: ${o.what}`, 'The arguments are valid. Nothing was sent to Darktrace; a run without dry_run=true sends exactly this request:'),
      renderCodeBlock(requestText(o.prepared)),
    ),
    raw: request,
  };
}

/** A war-room line that runs `command` with `args`; values quoted when needed, `"` and `\` escaped. */
export function commandLine(command: string, args: Readonly<Record<string, string | number>>): string {
  const parts = Object.entries(args).map(([k, v]) => {
    const text = String(v);
    return /^[^\s"'=]+$/.test(text) ? `${k}=${text}` : `${k}="${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  });
  return [`!${command}`, ...parts].join(' ');
}

/** The reason a rollback line carries: the original one, marked as an undo. */
export function rollbackReason(reason: string): string {
  return `Rollback: ${reason}`.slice(0, 1000);
}

/** The after-state of a write as a key-value table under its title, with what the read-back saw. */
export function renderAfterState(title: string, record: Record<string, unknown>): string {
  const { history: _history, triggerer: _triggerer, ...shown } = record;
  return renderKeyValue(title, shown);
}

/** start_time and end_time go to the appliance as a pair only (G61), start first: a `check` rule. */
export function checkWindow(a: { readonly start_time?: number; readonly end_time?: number }): { argument: string; message: string } | undefined {
  if ((a.start_time === undefined) !== (a.end_time === undefined)) {
    return { argument: a.start_time === undefined ? 'start_time' : 'end_time', message: 'start_time and end_time go together: give both or neither' };
  }
  if (a.start_time !== undefined && a.end_time !== undefined && a.start_time > a.end_time) {
    return { argument: 'end_time', message: 'must not be before start_time' };
  }
  return undefined;
}

/** The after-state, read once more after a confirmed write; a failed read leaves the write done but unverified (its code kept). */
export async function readAfter<T>(read: () => Promise<T>): Promise<{ value?: T; failed?: string }> {
  try {
    return { value: await read() };
  } catch (err) {
    return { failed: isDarktraceSoarError(err) ? err.code : 'error' };
  }
}

/** The Verification section: whether the answer was lost, and what the read-back showed. */
export function verificationNote(o: { lost: boolean; lostWhy?: string; verified: boolean; seen: string; where: string; check: string }): string {
  const lost = o.lost ? `${o.lostWhy ?? 'The answer was lost'}; it was not sent again. ` : '';
  const verdict = o.verified ? `Verified: reading ${o.where} back shows ${o.seen}.` : `NOT verified: reading ${o.where} back shows ${o.seen}. ${o.check}`;
  return renderNote('Verification', `${lost}${verdict}`);
}

/** The Rollback section: the line that undoes the change, when there is one. */
export function rollbackSection(line: string | undefined, intro = 'To undo this change, run:'): string | undefined {
  return line ? joinSections(renderNote('Rollback', intro), renderCodeBlock(line)) : undefined;
}
