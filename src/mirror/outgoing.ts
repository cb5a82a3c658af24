// update-remote-system: the SOAR side's changes out to Darktrace (darktrace-next.md §C.4). Notes
// tagged comment_tag go out as comments with the prefix, each entry id once; closing acknowledges
// and reopening an incident closed that way unacknowledges, with close_out. The record of what was
// posted is in the context before anything else can fail, so a retried call never posts twice.
import { readBoolean, readInteger, readText } from '../appliance-values.js';
import { ArgumentError, TimeoutError, WriteUnconfirmedError } from '../errors.js';
import { commentKey, register, rememberPosted, type MirrorContext } from './context.js';
import { call, route, safeJson, type MirrorDeps } from './mirror.js';
import { mirrorSettings } from './settings.js';
import type { MirrorSource, SourceCall } from './source.js';

/** XSOAR IncidentStatus: 0 pending, 1 active, 2 done, 3 archive. */
const CLOSED_STATUSES = new Set([2, 3]);

export interface UpdateRemoteArgs {
  readonly remoteId?: unknown;
  readonly status?: unknown;
  readonly incidentChanged?: unknown;
  readonly entries?: unknown;
  readonly delta?: unknown;
  readonly data?: unknown;
}

interface OutgoingEntry {
  readonly id: string;
  readonly contents: string;
  readonly user: string | undefined;
  readonly tags: string[];
}

function outgoingEntries(raw: unknown): OutgoingEntry[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const list = typeof raw === 'string' ? safeJson(raw) : raw;
  if (!Array.isArray(list)) throw new ArgumentError('entries', 'update-remote-system', 'expected a list of entries ({id, contents, tags, user})');
  return list.flatMap((e: unknown) => {
    if (e === null || typeof e !== 'object') return [];
    const r = e as Record<string, unknown>;
    const contents = typeof r['contents'] === 'string' ? r['contents'] : r['contents'] === undefined ? undefined : JSON.stringify(r['contents']);
    if (contents === undefined || contents.trim() === '') return [];
    const tags = Array.isArray(r['tags']) ? r['tags'].filter((t): t is string => typeof t === 'string') : [];
    const user = readText(r['user']);
    const id = readText(r['id']) ?? (typeof r['id'] === 'number' ? String(r['id']) : commentKey({ timeMs: 0, username: user ?? '', message: contents }));
    return [{ id, contents, user, tags }];
  });
}

/**
 * update-remote-system: the SOAR side's changes out to Darktrace. Tagged entries become comments
 * (with the prefix, each entry once); a closed incident is acknowledged and a reopened one
 * unacknowledged when close_out is on. Returns the remote id.
 */
export async function updateRemoteSystem(deps: MirrorDeps, args: UpdateRemoteArgs, context: MirrorContext): Promise<string> {
  const settings = mirrorSettings(deps.params);
  const { source, id } = route(deps, args.remoteId, 'remoteId', 'update-remote-system');
  const entries = outgoingEntries(args.entries);
  if (!settings.outgoing) return id;
  const status = readInteger(args.status);
  const incidentChanged = readBoolean(args.incidentChanged) ?? args.incidentChanged === 1;
  const closed = status !== undefined && CLOSED_STATUSES.has(status);
  const c = call(deps, context, source);
  // Registered while working, so that a failure half-way keeps the record of what was posted.
  const entry = c.state.registry[id] ?? register(c.state, id, c.nowMs, { fields: {} });
  for (const e of entries) {
    const goesOut = e.tags.includes(settings.commentTag) && !e.tags.includes(settings.fromDarktraceTag) && !e.contents.startsWith(settings.prefix);
    if (!goesOut || entry.posted.includes(e.id)) continue;
    const message = `${settings.prefix} ${e.user === undefined ? '' : `${e.user}: `}${e.contents}`;
    await postOnce(c, source, id, message);
    rememberPosted(entry, e.id);
    if (typeof entry.fields['commentCount'] === 'number') entry.fields['commentCount'] += 1;
  }
  if (incidentChanged && settings.closeOut && closed) {
    if (entry.ack !== true) await source.setAcknowledged(c, id, true);
    entry.ack = true;
  } else if (incidentChanged && settings.closeOut && status !== undefined && !closed && entry.soarClosed === true) {
    if (entry.ack === true) await source.setAcknowledged(c, id, false);
    entry.ack = false;
  }
  if (status !== undefined) entry.soarClosed = closed;
  // A closed incident is no longer read by change detection (mirror.ts skips it) unless an
  // unacknowledge should reopen it; its entry is kept only to recognise a reopen, with close_out.
  if (closed && !settings.reopenOnUnack && !settings.closeOut) delete c.state.registry[id];
  return id;
}

/**
 * Posts a comment; when the answer was lost (the appliance may have stored it), the comments are
 * read back and the message found there counts as posted, so a retry never posts it twice.
 */
async function postOnce(c: SourceCall, source: MirrorSource, id: string, message: string): Promise<void> {
  try {
    await source.postComment(c, id, message);
  } catch (err) {
    if (!(err instanceof WriteUnconfirmedError) && !(err instanceof TimeoutError)) throw err;
    const stored = await source.readComments(c, id);
    if (!stored.some((comment) => comment.message === message)) throw err;
    c.log.info({ id }, 'mirror: comment answer lost, but the comment is on the appliance');
  }
}
