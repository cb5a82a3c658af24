// AI Analyst incident events as a mirrored stream (darktrace-next.md §C.2, §C.4). The mirrored
// object is the EVENT: its id is stable across incident merges, while the incident (group) id it
// belongs to changes (§A.1), so the group id is a compared field, not the key.
//
// Cost per change-detection round: one batch read `GET /aianalyst/incidentevents?uuid=<csv>` per
// BATCH_SIZE open events (§A.3: `uuid` beats every other filter there, acknowledged ones included),
// plus one comments read for each of at most COMMENT_SWEEP open events. There is no comment feed
// across AI Analyst events (no /mbcomments equivalent, §A.2) and an event carries no comment count,
// so the comments of the open events are read a few per round, in turn: a Darktrace comment reaches
// the SOAR within ceil(open / COMMENT_SWEEP) rounds, and in the next round while no more than
// COMMENT_SWEEP events are open. An appliance that refuses (or ignores) the comma list is read one
// event at a time, and the list form is tried again a day later.
import type { AiaEvent } from '../client/schemas.js';
import { AiaEventSchema } from '../client/schemas.js';
import { aiaGroupScore } from '../domain/ai-analyst.js';
import { NotFoundError, RejectedError, WriteNotStoredError } from '../errors.js';
import type { MirrorSource, RemoteComment, RemoteState, SourceCall } from './source.js';

/** Events per batch read: 50 UUIDs (37 bytes each) keep the query string near 2 KB. */
export const AIA_BATCH_SIZE = 50;
/** Open events whose comments are read per round (no cross-event comment feed exists). */
export const AIA_COMMENT_SWEEP = 20;
const BATCH_RETRY_MS = 24 * 3_600_000;
/**
 * An event id: UUID-shaped (8-4-4-4-12), though not always hex (the XSOAR and Elastic fixtures have
 * "04a3f36e-4u8w-v9dh-x6lb-894778cf9633"), §A.1, §A.4.
 */
const EVENT_ID = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/;
/** The appliance refuses a request dated more than 30 minutes off (darktrace-api.md §1.2): our comment is no older. */
const MAX_CLOCK_DIFFERENCE_MS = 30 * 60_000;

const key = (id: string) => id.toLowerCase();

function stateOf(event: AiaEvent): RemoteState {
  const fields: Record<string, number | string> = {};
  if (event.currentGroup !== undefined) fields['groupId'] = event.currentGroup;
  const groupScore = aiaGroupScore(event);
  if (groupScore !== undefined) fields['groupScore'] = groupScore;
  const acknowledged = event.acknowledged === true;
  return {
    acknowledged,
    fields,
    object: {
      eventId: event.id,
      acknowledged,
      ...fields,
      ...(event.pinned === undefined ? {} : { pinned: event.pinned }),
      ...(event.title === undefined ? {} : { title: event.title }),
      ...(event.incidentEventUrl === undefined ? {} : { link: event.incidentEventUrl }),
    },
  };
}

async function readBatch(call: SourceCall, ids: readonly string[]): Promise<Map<string, RemoteState>> {
  const { items } = await call.client.aiaEvents({ uuids: ids, includeAcknowledged: true, includeUrl: true });
  const wanted = new Set(ids);
  const out = new Map<string, RemoteState>();
  for (const event of items) if (wanted.has(key(event.id))) out.set(key(event.id), stateOf(event));
  return out;
}

/** One read per id; an id the appliance answers nothing for is gone (left out of the map). */
async function readEach(call: SourceCall, ids: readonly string[], into: Map<string, RemoteState>): Promise<void> {
  for (const id of ids) {
    const found = (await readBatch(call, [id])).get(id);
    if (found) into.set(id, found);
  }
}

/** The next COMMENT_SWEEP open events after the sweep cursor, in registry-key order, wrapping round. */
function sweepIds(call: SourceCall): string[] {
  const open = Object.keys(call.state.registry)
    .filter((id) => call.state.registry[id]!.soarClosed !== true)
    .sort();
  if (open.length <= AIA_COMMENT_SWEEP) return open;
  const after = call.state.commentSweepAfter;
  const start = after === undefined ? 0 : open.findIndex((id) => id > after);
  const from = start < 0 ? 0 : start;
  return [...open.slice(from), ...open.slice(0, from)].slice(0, AIA_COMMENT_SWEEP);
}

async function readComments(call: SourceCall, id: string): Promise<RemoteComment[]> {
  const { items } = await call.client.aiaComments(id);
  return items.flatMap((c) => (c.time === undefined ? [] : [{ id, timeMs: c.time, username: c.username ?? 'unknown', message: c.message ?? '' }]));
}

export const aiAnalystSource: MirrorSource = {
  name: 'aia',
  incidentType: 'Darktrace AI Analyst Incident Event',
  mappingFields: {
    eventId: 'The AI Analyst event id (dbotMirrorId).',
    acknowledged: 'Whether the event is acknowledged in Darktrace.',
    groupId: 'The AI Analyst incident the event belongs to now (it changes when incidents merge).',
    groupScore: 'The score of that incident, 0-100 (it can rise as events join).',
    pinned: 'Whether the event is pinned in Darktrace.',
    title: 'The event title.',
    link: 'The event in the Threat Visualizer, when the appliance knows its own address.',
  },
  canonicalId(remoteId) {
    const id = key(remoteId.trim());
    return EVENT_ID.test(id) ? id : undefined;
  },
  snapshotOf(record) {
    const parsed = AiaEventSchema.safeParse(record);
    if (!parsed.success) return { ack: false, fields: {} };
    const state = stateOf(parsed.data);
    return { ack: state.acknowledged, fields: { ...state.fields } };
  },
  async commentsBetween(call) {
    // No comment feed across events: a bounded sweep of the open events' comments instead (see the
    // file comment). The cursor moves only after every read of the sweep succeeded.
    const ids = sweepIds(call);
    const comments: RemoteComment[] = [];
    for (const id of ids) comments.push(...(await readComments(call, id)));
    if (ids.length > 0) call.state.commentSweepAfter = ids[ids.length - 1];
    return comments;
  },
  async readStates(call, ids) {
    const out = new Map<string, RemoteState>();
    let batch = call.state.batchRefusedAtMs === undefined || call.nowMs - call.state.batchRefusedAtMs > BATCH_RETRY_MS;
    for (let i = 0; i < ids.length; i += AIA_BATCH_SIZE) {
      const chunk = ids.slice(i, i + AIA_BATCH_SIZE);
      if (!batch || chunk.length === 1) {
        await readEach(call, chunk, out);
        continue;
      }
      try {
        const found = await readBatch(call, chunk);
        for (const [id, state] of found) out.set(id, state);
        // Left out: gone ([] for an unknown uuid, §A.5), or an appliance that read the list as one
        // unknown uuid. One read each tells which; the second case is remembered as a refusal.
        const missing = chunk.filter((id) => !found.has(id));
        await readEach(call, missing, out);
        if (found.size === 0 && missing.some((id) => out.has(id))) {
          call.log.info({}, 'mirror: the appliance ignored the list of AI Analyst event ids; reading one at a time');
          call.state.batchRefusedAtMs = call.nowMs;
          batch = false;
        } else {
          delete call.state.batchRefusedAtMs;
        }
      } catch (err) {
        if (!(err instanceof RejectedError) && !(err instanceof NotFoundError)) throw err;
        call.log.info({ code: err.code }, 'mirror: the appliance refused the list of AI Analyst event ids; reading one at a time');
        call.state.batchRefusedAtMs = call.nowMs;
        batch = false;
        await readEach(call, chunk, out);
      }
    }
    return out;
  },
  async readOne(call, id) {
    const found = (await readBatch(call, [id])).get(id);
    if (!found) {
      throw new NotFoundError(`Darktrace has no AI Analyst event ${id}: it may have been deleted.`, { method: 'GET', path: '/aianalyst/incidentevents' });
    }
    return found;
  },
  readComments,
  setAcknowledged(call, id, acknowledged) {
    return call.client.aiaSetFlag(acknowledged ? 'acknowledge' : 'unacknowledge', [id]);
  },
  async postComment(call, id, message) {
    await call.client.postAiaComment(id, message);
    // SUCCESS is not proof (TV 7.0.42 stores nothing, §A.6): the comment must read back.
    const stored = await readComments(call, id);
    if (!stored.some((c) => c.message === message && c.timeMs >= call.nowMs - MAX_CLOCK_DIFFERENCE_MS)) {
      throw new WriteNotStoredError(
        `Darktrace answered SUCCESS to the comment on AI Analyst event ${id}, but the event's comments do not show it: the comment was NOT stored ` +
          '(some appliance versions, such as Threat Visualizer 7.0.42, accept AI Analyst comments without storing them).',
      );
    }
  },
};
