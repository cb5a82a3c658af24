// The mirroring core: XSOAR's four mirroring commands (darktrace-next.md §C.1, §C.4) over any
// MirrorSource, with the state in a MirrorContext the caller keeps (exec: the integration context
// of the request and the answer). Every operation updates the context in place as it goes, so a
// caller that fails half-way still holds what did happen (a comment that was posted); cursors move
// only after what they pass was read in full, so a failing appliance loses no change.
import type { DarktraceClient } from '../client/darktrace-client.js';
import type { Clock } from '../clock.js';
import { toIso } from '../clock.js';
import { ArgumentError, isDarktraceSoarError, MirrorSkippedError, NotFoundError, RateLimitedError } from '../errors.js';
import { readText, readTimeMs } from '../appliance-values.js';
import type { Logger } from '../log.js';
import { advanceCommentCursor, alreadyHandedOver, pruneRegistry, register, sourceState, type MirrorContext, type RegistryEntry } from './context.js';
import { aiAnalystSource } from './ai-analyst.js';
import { modelBreachSource } from './model-breaches.js';
import { mirrorSettings, type MirrorSettings } from './settings.js';
import type { MirrorSource, RemoteComment, RemoteState, SourceCall } from './source.js';

/** The mirrored streams. A remote id goes to the first whose canonicalId accepts it (pbids are integers, events UUIDs). */
const SOURCES: readonly MirrorSource[] = [modelBreachSource, aiAnalystSource];

/**
 * Comment windows start this long before the previous one ended: a comment stamped by an appliance
 * clock a little behind ours, or written while the last window was being read, is still seen.
 * Comments seen twice are recognised by the registry (context.ts), so the overlap costs nothing.
 */
const COMMENT_LOOKBACK_MS = 5 * 60_000;
/** The first window of an instance, when the platform gives no lastUpdate. */
const FIRST_WINDOW_MS = 60 * 60_000;

const NOTE = 1;

export interface MirrorDeps {
  readonly client: () => DarktraceClient;
  readonly params: object;
  readonly clock: Clock;
  readonly log: Logger;
  /** Only for tests: other sources than the shipped ones. */
  readonly sources?: readonly MirrorSource[];
}

/** An entry for the SOAR's war room (XSOAR's entry dict). */
interface MirrorEntry {
  readonly Type: number;
  readonly Contents: unknown;
  readonly ContentsFormat: 'markdown' | 'json';
  readonly Tags?: string[];
  readonly Note?: boolean;
}

export interface RemoteData {
  readonly mirroredObject: Record<string, unknown>;
  readonly entries: MirrorEntry[];
}

function sourcesOf(deps: MirrorDeps): readonly MirrorSource[] {
  return deps.sources ?? SOURCES;
}

export function route(deps: MirrorDeps, remoteId: unknown, argument: string, command: string): { source: MirrorSource; id: string } {
  const text = typeof remoteId === 'number' ? String(remoteId) : readText(remoteId);
  for (const source of sourcesOf(deps)) {
    const id = text === undefined ? undefined : source.canonicalId(text);
    if (id !== undefined) return { source, id };
  }
  throw new ArgumentError(
    argument,
    command,
    `expected the dbotMirrorId of a fetched incident (a model breach pbid such as 1417, or an AI Analyst event id such as 04a3f36e-4e8a-4b1c-9d2e-894778cf9633), got ${JSON.stringify(remoteId)}`,
  );
}

export function call(deps: MirrorDeps, context: MirrorContext, source: MirrorSource): SourceCall {
  return { client: deps.client(), log: deps.log, nowMs: deps.clock.now(), state: sourceState(context, source.name) };
}

function isOurs(settings: MirrorSettings, c: RemoteComment): boolean {
  return c.message.startsWith(settings.prefix);
}

/** Whether the state differs from what the SOAR was last given; fields never seen before are adopted. */
function changed(entry: RegistryEntry, state: RemoteState): boolean {
  let differs = entry.ack !== undefined && entry.ack !== state.acknowledged;
  for (const [key, value] of Object.entries(state.fields)) {
    if (entry.fields[key] === undefined) entry.fields[key] = value;
    else if (entry.fields[key] !== value) differs = true;
  }
  return differs;
}

function lastUpdateMs(value: unknown, command: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = readTimeMs(value);
  if (ms === undefined) throw new ArgumentError('lastUpdate', command, `expected an ISO-8601 date or epoch milliseconds, got ${JSON.stringify(value)}`);
  return ms;
}

/**
 * get-modified-remote-data: the ids whose Darktrace side changed since the last round. Reads the
 * comment window since the last round (one request per window) and the state of every registered
 * incident in batches; an id stays "modified" until get-remote-data handed its change over.
 */
export async function getModifiedRemoteData(deps: MirrorDeps, args: { lastUpdate?: unknown }, context: MirrorContext, incoming?: boolean): Promise<string[]> {
  try {
    return await detectChanges(deps, args, context, incoming);
  } catch (err) {
    if (err instanceof RateLimitedError) throw new MirrorSkippedError(err.message, { cause: err });
    throw err;
  }
}

async function detectChanges(deps: MirrorDeps, args: { lastUpdate?: unknown }, context: MirrorContext, incoming?: boolean): Promise<string[]> {
  const settings = mirrorSettings(deps.params);
  if (!(incoming ?? settings.incoming)) return [];
  const sinceMs = lastUpdateMs(args.lastUpdate, 'get-modified-remote-data');
  const modified: string[] = [];
  for (const source of sourcesOf(deps)) {
    const c = call(deps, context, source);
    const { state } = c;
    const dropped = pruneRegistry(state, c.nowMs);
    if (dropped.length > 0)
      deps.log.info({ stream: source.name, dropped: dropped.length }, 'mirror: registry limit reached; oldest incidents no longer mirrored');
    // Incidents closed in the SOAR are not read, unless an unacknowledge should reopen them.
    const ids = Object.keys(state.registry).filter((id) => settings.reopenOnUnack || state.registry[id]!.soarClosed !== true);
    const endMs = c.nowMs;
    if (ids.length > 0) {
      const startMs = Math.max(0, (state.commentsCursorMs ?? sinceMs ?? endMs - FIRST_WINDOW_MS) - COMMENT_LOOKBACK_MS);
      for (const comment of await source.commentsBetween(c, startMs, endMs)) {
        const entry = state.registry[comment.id];
        if (entry && !isOurs(settings, comment) && !alreadyHandedOver(entry, comment)) entry.pending = true;
      }
      const states = await source.readStates(c, ids);
      for (const id of ids) {
        const entry = state.registry[id]!;
        const current = states.get(id);
        if (current === undefined) {
          deps.log.info({ stream: source.name, id }, 'mirror: incident no longer on the appliance; no longer mirrored');
          delete state.registry[id];
        } else if (changed(entry, current)) {
          entry.pending = true;
        }
      }
    }
    // Only now: every comment up to endMs was looked at, and every change is marked pending.
    state.commentsCursorMs = endMs;
    modified.push(...ids.filter((id) => state.registry[id]?.pending === true));
  }
  return modified;
}

interface RemoteRead extends RemoteData {
  readonly state: RemoteState;
  /** Darktrace comments new to the SOAR (not ours), oldest first. */
  readonly comments: RemoteComment[];
  readonly ackChanged: boolean;
}

async function readRemote(deps: MirrorDeps, args: { id?: unknown; lastUpdate?: unknown }, context: MirrorContext, mode: 'soar' | 'poll'): Promise<RemoteRead> {
  const settings = mirrorSettings(deps.params);
  const { source, id } = route(deps, args.id, 'id', 'get-remote-data');
  const c = call(deps, context, source);
  const since = lastUpdateMs(args.lastUpdate, 'get-remote-data');
  // An incident the registry does not know (fetched before mirroring was on, or dropped by the
  // limits) is registered now; its comments since lastUpdate are new to the SOAR.
  const entry = c.state.registry[id] ?? register(c.state, id, c.nowMs, { fields: {}, commentCursorMs: since ?? 0 });
  const incoming = mode === 'poll' || settings.incoming;
  const state = await source.readOne(c, id);
  const all = incoming ? await source.readComments(c, id) : [];
  const comments = all.filter((comment) => !isOurs(settings, comment) && !alreadyHandedOver(entry, comment)).sort((a, b) => a.timeMs - b.timeMs);
  const entries: MirrorEntry[] = comments.map((comment) => ({
    Type: NOTE,
    Contents: `**${comment.username}** (${toIso(comment.timeMs)}): ${comment.message}`,
    ContentsFormat: 'markdown',
    Tags: [settings.fromDarktraceTag],
    Note: true,
  }));
  const wasAcknowledged = entry.ack ?? false;
  const ackChanged = state.acknowledged !== wasAcknowledged;
  let closes = false;
  if (incoming && mode === 'soar' && ackChanged) {
    if (state.acknowledged && settings.closeIncident && entry.soarClosed !== true) {
      const by = state.acknowledgedBy === undefined ? '' : ` by ${state.acknowledgedBy}`;
      const at = state.acknowledgedTimeMs === undefined ? '' : ` at ${toIso(state.acknowledgedTimeMs)}`;
      entries.push({
        Type: NOTE,
        Contents: { dbotIncidentClose: true, closeReason: 'Acknowledged in Darktrace', closeNotes: `Acknowledged in Darktrace${by}${at}` },
        ContentsFormat: 'json',
      });
      entry.soarClosed = true;
      closes = true;
    } else if (!state.acknowledged && settings.reopenOnUnack && entry.soarClosed === true) {
      entries.push({ Type: NOTE, Contents: { dbotIncidentReopen: true }, ContentsFormat: 'json' });
      entry.soarClosed = false;
    }
  }
  advanceCommentCursor(entry, all);
  entry.ack = state.acknowledged;
  entry.fields = { ...state.fields };
  entry.seenMs = c.nowMs;
  delete entry.pending;
  // Closed for good: nothing more to watch unless an unacknowledge should reopen it. With outgoing
  // mirroring the entry stays until the platform reports the close (update-remote-system), so that
  // the close it reports is known to be acknowledged already and sends nothing.
  if (!settings.reopenOnUnack && ((closes && !settings.outgoing) || (mode === 'poll' && state.acknowledged))) delete c.state.registry[id];
  return { mirroredObject: { id, ...state.object }, entries, state, comments, ackChanged };
}

/** get-remote-data: the incident's current Darktrace object, and its new comments and close/reopen as entries. */
export async function getRemoteData(deps: MirrorDeps, args: { id?: unknown; lastUpdate?: unknown }, context: MirrorContext): Promise<RemoteData> {
  const read = await readRemote(deps, args, context, 'soar');
  return { mirroredObject: read.mirroredObject, entries: read.entries };
}

/** get-mapping-fields: the mirrored fields per incident type. */
export function getMappingFields(deps: Pick<MirrorDeps, 'sources'>): Array<{ type: string; fields: Record<string, string> }> {
  return sourcesOf(deps as MirrorDeps).map((s) => ({ type: s.incidentType, fields: { ...s.mappingFields } }));
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Registers fetched incidents (dbotMirrorId, rawJSON) for mirroring, with their state as fetched. */
export function registerFetched(deps: MirrorDeps, incidents: ReadonlyArray<{ dbotMirrorId: string; rawJSON: string }>, context: MirrorContext): void {
  const nowMs = deps.clock.now();
  for (const incident of incidents) {
    const routed = sourcesOf(deps)
      .map((source) => ({ source, id: source.canonicalId(incident.dbotMirrorId) }))
      .find((r) => r.id !== undefined);
    if (!routed) continue;
    const snapshot = routed.source.snapshotOf(safeJson(incident.rawJSON));
    register(sourceState(context, routed.source.name), routed.id!, nowMs, snapshot);
  }
  for (const source of sourcesOf(deps)) pruneRegistry(sourceState(context, source.name), nowMs);
}

/** One update record of `poll --mirror`. */
export interface UpdateRecord {
  readonly type: 'update';
  readonly id: string;
  readonly acknowledged: boolean;
  readonly comments: Array<{ time: string; username: string; message: string }>;
}

/**
 * One mirroring round for users without a SOAR: change detection, then each changed incident read
 * and turned into an update record (when its acknowledgement changed or it has new comments). On a
 * failure half-way the records made so far come back with the error: the caller delivers them and
 * stores the context, and the next round finds the rest.
 */
export async function mirrorRound(deps: MirrorDeps, context: MirrorContext): Promise<{ updates: UpdateRecord[]; error?: unknown }> {
  const updates: UpdateRecord[] = [];
  try {
    for (const id of await getModifiedRemoteData(deps, {}, context, true)) {
      const read = await readRemote(deps, { id }, context, 'poll');
      if (!read.ackChanged && read.comments.length === 0) continue;
      updates.push({
        type: 'update',
        id,
        acknowledged: read.state.acknowledged,
        comments: read.comments.map((c) => ({ time: toIso(c.timeMs), username: c.username, message: c.message })),
      });
    }
    return { updates };
  } catch (err) {
    // Bad configuration or state is not something the next round can fix: it stops the caller.
    if (!isDarktraceSoarError(err) || err.exitCode !== 1) throw err;
    if (err instanceof NotFoundError) deps.log.warn({ err: err.message }, 'mirror: incident vanished during the round');
    return { updates, error: err };
  }
}
