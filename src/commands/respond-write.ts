// The RESPOND writes a playbook can trust (darktrace-next.md §B.2, §B.6, §B.8): the reason is
// required, a dry run sends nothing, the write is sent once (a lost answer is settled by reading
// the action list, never by sending again), the after-state is read back and reported as verified
// or not with what was seen, and the context carries the command line that undoes the change.
import type { DarktraceClient } from '../client/darktrace-client.js';
import { manualActionId, type RespondAction } from '../client/respond-schemas.js';
import type { Clock } from '../clock.js';
import { RejectedError } from '../errors.js';
import type { Params } from '../manifest/params.generated.js';
import { joinSections, renderNote } from '../render/markdown.js';
import { confirmWrite } from './confirm-write.js';
import type { CommandResult } from './define-command.js';
import {
  commandLine,
  dryRunResult,
  readAfter,
  renderAfterState,
  resolveReason,
  respondRecord,
  respondStatus,
  rollbackReason,
  rollbackSection,
  verificationNote,
} from './respond-shape.js';

/**
 * How far the expiry read back may be from "sent at + duration" and still count as the change:
 * the host's and the appliance's clocks may differ (up to 5 minutes before the client warns).
 */
const EXPIRY_TOLERANCE_MS = 5 * 60_000;

interface Context {
  readonly client: DarktraceClient;
  readonly clock: Clock;
  readonly params?: Params | undefined;
}

export type RespondChange = 'activate' | 'reactivate' | 'extend' | 'clear';

const VERB: Readonly<Record<RespondChange, { doing: string; done: string }>> = {
  activate: { doing: 'activate', done: 'activated' },
  reactivate: { doing: 'reactivate', done: 'reactivated' },
  extend: { doing: 'extend', done: 'extended' },
  clear: { doing: 'clear', done: 'cleared' },
};

/** What the read-back shows, in words, and whether it is the state asked for. */
interface Verdict {
  readonly ok: boolean;
  readonly seen: string;
}

function describe(a: RespondAction | undefined, nowMs: number): string {
  if (!a) return 'the action is not in the action list (cleared ones included; it lists actions that expired up to 14 days ago)';
  const expires = a.expires === undefined ? 'no expiry' : `expires ${new Date(a.expires).toISOString()}`;
  return `status ${respondStatus(a, nowMs)}, ${expires}`;
}

function judge(kind: RespondChange, a: RespondAction | undefined, o: { nowMs: number; wantExpiresMs?: number | undefined }): Verdict {
  const seen = describe(a, o.nowMs);
  if (!a) return { ok: false, seen };
  if (kind === 'clear') return { ok: a.cleared === true && a.active !== true, seen };
  const near = o.wantExpiresMs === undefined || (a.expires !== undefined && Math.abs(a.expires - o.wantExpiresMs) <= EXPIRY_TOLERANCE_MS);
  return { ok: a.active === true && a.cleared !== true && a.expires !== undefined && a.expires > o.nowMs && near, seen };
}

/** A refusal in the analyst's words, keeping the appliance's own reason (inside err.message) and the cause. */
function refused(err: RejectedError, what: string, hint: string): RejectedError {
  return new RejectedError(`Darktrace refused to ${what}: ${err.message.replace(/: check the arguments you gave\.$/, '')}. ${hint}`, err.request, {
    cause: err,
  });
}

/** The change, sent once; true when its answer was lost and the read-back showed it applied. */
async function sendOnce(o: {
  write: () => Promise<unknown>;
  isApplied: () => Promise<boolean>;
  what: string;
  where: string;
}): Promise<{ lost: boolean; answer: unknown }> {
  const outcome = await confirmWrite(o);
  return outcome.verified ? { lost: true, answer: undefined } : { lost: false, answer: outcome.value };
}

function result(o: {
  title: string;
  record: Record<string, unknown>;
  verdict: Verdict;
  lost: boolean;
  rollback?: string | undefined;
  notes?: ReadonlyArray<string | undefined>;
  raw: unknown;
}): CommandResult {
  const record = { ...o.record, verified: o.verdict.ok, seen: o.verdict.seen, ...(o.rollback ? { rollback: o.rollback } : {}) };
  return {
    outputs: { 'Darktrace.RespondAction': record },
    readable: joinSections(
      renderAfterState(o.title, record),
      verificationNote({
        lost: o.lost,
        verified: o.verdict.ok,
        seen: o.verdict.seen,
        where: 'the action list',
        check: 'Check the action in the Threat Visualizer before relying on it.',
      }),
      ...(o.notes ?? []).map((n) => (n ? renderNote('Note', n) : undefined)),
      rollbackSection(o.rollback),
    ),
    raw: o.raw,
  };
}

/** activate, reactivate, extend or clear one action by codeid (POST /antigena, §B.2). */
export async function runRespondChange(
  ctx: Context,
  command: string,
  kind: RespondChange,
  args: { codeid: number; duration?: number | undefined; reason?: string | undefined; dry_run?: boolean | undefined },
): Promise<CommandResult> {
  const { client, clock } = ctx;
  const reason = resolveReason(command, args.reason, ctx.params);
  const verb = VERB[kind];
  const prepared = client.respondChangeRequest({
    codeid: args.codeid,
    activate: kind === 'activate' || kind === 'reactivate',
    clear: kind === 'clear',
    ...(args.duration === undefined ? {} : { durationSeconds: args.duration }),
    reason,
  });
  if (args.dry_run)
    return dryRunResult({
      contextPath: 'Darktrace.RespondAction',
      record: { codeid: args.codeid },
      what: `${verb.doing} RESPOND action ${args.codeid}`,
      prepared,
    });
  const sentAt = clock.now();
  const wantExpiresMs = args.duration === undefined ? undefined : sentAt + args.duration * 1000;
  const read = async () => (await client.respondActions({ includeCleared: true, includeHistory: true })).actions.items.find((a) => a.codeid === args.codeid);
  let seen: RespondAction | undefined;
  let sent: { lost: boolean; answer: unknown };
  try {
    sent = await sendOnce({
      write: () => client.sendWrite(prepared),
      isApplied: async () => judge(kind, (seen = await read()), { nowMs: clock.now(), wantExpiresMs }).ok,
      what: `the ${verb.doing} of RESPOND action ${args.codeid}`,
      where: 'the RESPOND action list',
    });
  } catch (err) {
    if (!(err instanceof RejectedError)) throw err;
    const hint =
      kind === 'extend'
        ? 'Only an active action can be extended; reactivate an expired or cleared one with a duration.'
        : 'Check the codeid with darktrace-list-respond-actions include_cleared=true.';
    throw refused(err, `${verb.doing} RESPOND action ${args.codeid}`, hint);
  }
  const after = sent.lost ? { value: seen } : await readAfter(read);
  seen = after.value;
  const nowMs = clock.now();
  const verdict = after.failed ? { ok: false, seen: `nothing: reading the action list failed (${after.failed})` } : judge(kind, seen, { nowMs, wantExpiresMs });
  const record = seen ? respondRecord(seen, nowMs) : { codeid: args.codeid };
  const back = rollbackReason(reason);
  // What was left when the appliance cleared it (its `updated` time, so the line does not depend on
  // this host's clock or on how long the read-back took).
  const remainingS = seen?.expires === undefined ? 0 : Math.floor((seen.expires - (seen.updated ?? nowMs)) / 1000);
  const rollback =
    kind !== 'clear'
      ? commandLine('darktrace-clear-respond-action', { codeid: args.codeid, reason: back })
      : remainingS > 0
        ? commandLine('darktrace-reactivate-respond-action', { codeid: args.codeid, duration: remainingS, reason: back })
        : undefined;
  const notes = [
    kind === 'extend' && seen?.expires !== undefined
      ? `New expiry: ${new Date(seen.expires).toISOString()}. The duration (${args.duration ?? 0} s) is the new remaining time counted from now, not an addition to the old expiry.`
      : undefined,
    kind === 'clear' ? 'A clear also stops the same action being triggered again for the same model on this device until its original expiry.' : undefined,
    kind === 'clear' && !rollback ? 'Nothing to undo later: the action had already expired.' : undefined,
  ];
  return result({ title: `RESPOND action ${args.codeid} ${verb.done}`, record, verdict, lost: sent.lost, rollback, notes, raw: sent.answer ?? null });
}

export type ManualAction = 'connection' | 'pol' | 'gpol' | 'quarantine' | 'quarantineOutgoing' | 'quarantineIncoming';

/** A new manual action (POST /antigena/manual, §B.1 B3), its id read from `code` or `codeid`. */
export async function runManualCreate(
  ctx: Context,
  command: string,
  args: {
    device_id: number;
    action: ManualAction;
    duration: number;
    reason?: string | undefined;
    connections?: ReadonlyArray<{ src: string; dst: string; port?: number | undefined }> | undefined;
    dry_run?: boolean | undefined;
  },
): Promise<CommandResult> {
  const { client, clock } = ctx;
  const reason = resolveReason(command, args.reason, ctx.params);
  const connections = args.connections?.map((c) => ({ src: c.src, dst: c.dst, ...(c.port === undefined ? {} : { port: c.port }) }));
  const prepared = client.manualRespondActionRequest({
    did: args.device_id,
    action: args.action,
    durationSeconds: args.duration,
    reason,
    ...(connections ? { connections } : {}),
  });
  const what = `the manual ${args.action} action on device ${args.device_id}`;
  if (args.dry_run)
    return dryRunResult({ contextPath: 'Darktrace.RespondAction', record: { did: args.device_id, action: args.action }, what: `create ${what}`, prepared });
  const sentAt = clock.now();
  const wantExpiresMs = sentAt + args.duration * 1000;
  // Without the id (a lost answer, or an answer with neither key) the new action is the device's
  // manual action of this kind, with this reason, started since the command did.
  const read = async (codeid?: number) => {
    const { items } = (await client.respondActions({ did: args.device_id, includeCleared: true, includeHistory: true })).actions;
    if (codeid !== undefined) return items.find((a) => a.codeid === codeid);
    const candidates = items.filter(
      (a) => a.manual === true && a.action === args.action && a.triggerer?.reason === reason && (a.start ?? 0) >= sentAt - EXPIRY_TOLERANCE_MS,
    );
    return candidates.sort((x, y) => y.codeid - x.codeid)[0];
  };
  let seen: RespondAction | undefined;
  let sent: { lost: boolean; answer: unknown };
  try {
    sent = await sendOnce({
      write: () => client.sendWrite(prepared),
      isApplied: async () => (seen = await read()) !== undefined,
      what,
      where: "the device's RESPOND actions",
    });
  } catch (err) {
    if (!(err instanceof RejectedError)) throw err;
    throw refused(
      err,
      `create ${what}`,
      'Nothing was created. An action the device type does not support is refused with HTTP 400 (client sensors refuse pol, gpol and quarantineOutgoing).',
    );
  }
  const codeid = sent.lost ? seen?.codeid : manualActionId(sent.answer);
  const after = sent.lost ? { value: seen } : await readAfter(() => read(codeid));
  seen = after.value;
  const nowMs = clock.now();
  const verdict = after.failed
    ? { ok: false, seen: `nothing: reading the action list failed (${after.failed})` }
    : judge('activate', seen, { nowMs, wantExpiresMs });
  const id = seen?.codeid ?? codeid;
  const record = seen ? respondRecord(seen, nowMs) : { did: args.device_id, action: args.action, ...(id === undefined ? {} : { codeid: id }) };
  const rollback = id === undefined ? undefined : commandLine('darktrace-clear-respond-action', { codeid: id, reason: rollbackReason(reason) });
  const notes = [id === undefined ? 'Darktrace accepted the request, but its answer carried no action id and the device shows no such action yet.' : undefined];
  return result({
    title: `Manual RESPOND action ${id ?? '(id unknown)'} created on device ${args.device_id}`,
    record,
    verdict,
    lost: sent.lost,
    rollback,
    notes,
    raw: sent.answer ?? null,
  });
}
