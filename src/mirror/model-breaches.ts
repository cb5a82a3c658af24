// Model breaches as a mirrored stream (darktrace-next.md §C.4). Change detection costs, per round,
// one /mbcomments read per window (more only when a window holds COMMENT_PAGE comments or more)
// plus one batch read per BATCH_SIZE open breaches; when the appliance refuses the batch form it
// costs one read per open breach, and the batch form is tried again a day later.
import type { BreachRecord } from '../client/schemas.js';
import { BreachRecordSchema } from '../client/schemas.js';
import { NotFoundError, RejectedError } from '../errors.js';
import { readInteger } from '../appliance-values.js';
import { percentScore } from '../domain/breach.js';
import type { MirrorSource, RemoteComment, RemoteState, SourceCall } from './source.js';

/** Breaches per batch read: 50 pbids keep the query string well under any proxy's URL limit. */
export const BATCH_SIZE = 50;
/**
 * Comments asked for per window. 100 is also the appliance's default cap (§4.15), so a full answer
 * is recognised even by an appliance that ignores `count`.
 */
export const COMMENT_PAGE = 100;
const BATCH_RETRY_MS = 24 * 3_600_000;

function acknowledgement(value: BreachRecord['acknowledged']): Pick<RemoteState, 'acknowledged' | 'acknowledgedBy' | 'acknowledgedTimeMs'> {
  // false | true | {time, username} (darktrace-next.md §C.2): the object means acknowledged.
  if (value === undefined || typeof value === 'boolean') return { acknowledged: value === true };
  return {
    acknowledged: true,
    ...(value.username === undefined ? {} : { acknowledgedBy: value.username }),
    ...(value.time === undefined ? {} : { acknowledgedTimeMs: value.time }),
  };
}

function stateOf(record: BreachRecord): RemoteState {
  const ack = acknowledgement(record.acknowledged);
  const score = percentScore(record);
  const fields: Record<string, number> = {};
  if (record.commentCount !== undefined) fields['commentCount'] = record.commentCount;
  if (score !== undefined) fields['score'] = score;
  return {
    ...ack,
    fields,
    object: {
      pbid: record.pbid,
      acknowledged: ack.acknowledged,
      ...(ack.acknowledgedBy === undefined ? {} : { acknowledgedBy: ack.acknowledgedBy }),
      ...(ack.acknowledgedTimeMs === undefined ? {} : { acknowledgedTime: new Date(ack.acknowledgedTimeMs).toISOString() }),
      ...fields,
      ...(record.breachUrl === undefined ? {} : { link: record.breachUrl }),
    },
  };
}

function toComment(
  c: { pbid?: number | undefined; time?: number | undefined; username?: string | undefined; message?: string | undefined },
  id?: string,
): RemoteComment | undefined {
  const owner = id ?? (c.pbid === undefined ? undefined : String(c.pbid));
  if (owner === undefined || c.time === undefined) return undefined;
  return { id: owner, timeMs: c.time, username: c.username ?? 'unknown', message: c.message ?? '' };
}

async function readWindow(call: SourceCall, startMs: number, endMs: number): Promise<RemoteComment[]> {
  const answer = await call.client.commentsInWindow({ startTime: startMs, endTime: endMs, count: COMMENT_PAGE });
  if (answer.received.length < COMMENT_PAGE) return answer.items.flatMap((c) => toComment(c) ?? []);
  if (endMs <= startMs) {
    // COMMENT_PAGE comments in one millisecond: the rest cannot be reached by narrowing. Their
    // breaches are still found by the commentCount of the state read.
    call.log.warn({ timeMs: startMs, count: answer.received.length }, 'mirror: comment window cannot be narrowed further');
    return answer.items.flatMap((c) => toComment(c) ?? []);
  }
  const mid = Math.floor((startMs + endMs) / 2);
  return [...(await readWindow(call, startMs, mid)), ...(await readWindow(call, mid + 1, endMs))];
}

function pbidOf(id: string): number {
  return Number(id);
}

/** Reads these pbids one request each; a 404 means the breach is gone (left out of the map). */
async function readEach(call: SourceCall, ids: readonly string[], into: Map<string, RemoteState>): Promise<void> {
  for (const id of ids) {
    try {
      const { items } = await call.client.breachStates([pbidOf(id)]);
      const record = items.find((r) => String(r.pbid) === id);
      if (record) into.set(id, stateOf(record));
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
}

export const modelBreachSource: MirrorSource = {
  name: 'mb',
  incidentType: 'Darktrace Model Breach',
  mappingFields: {
    pbid: 'The model breach id (dbotMirrorId).',
    acknowledged: 'Whether the breach is acknowledged in Darktrace.',
    acknowledgedBy: 'Who acknowledged it, when the appliance says.',
    acknowledgedTime: 'When it was acknowledged (ISO-8601 UTC), when the appliance says.',
    commentCount: 'Comments on the breach in Darktrace.',
    score: 'The breach score, 0-100.',
    link: 'The breach in the Threat Visualizer.',
  },
  canonicalId(remoteId) {
    const pbid = readInteger(remoteId.trim());
    return pbid !== undefined && pbid > 0 ? String(pbid) : undefined;
  },
  snapshotOf(record) {
    const parsed = BreachRecordSchema.safeParse(record);
    if (!parsed.success) return { ack: false, fields: {} };
    const state = stateOf(parsed.data);
    return { ack: state.acknowledged, fields: { ...state.fields } };
  },
  commentsBetween(call, startMs, endMs) {
    return readWindow(call, startMs, endMs);
  },
  async readStates(call, ids) {
    const out = new Map<string, RemoteState>();
    let batch = call.state.batchRefusedAtMs === undefined || call.nowMs - call.state.batchRefusedAtMs > BATCH_RETRY_MS;
    for (let i = 0; i < ids.length; i += BATCH_SIZE) {
      const chunk = ids.slice(i, i + BATCH_SIZE);
      if (!batch || chunk.length === 1) {
        await readEach(call, chunk, out);
        continue;
      }
      try {
        const { items } = await call.client.breachStates(chunk.map(pbidOf));
        for (const record of items) if (chunk.includes(String(record.pbid))) out.set(String(record.pbid), stateOf(record));
        // Left out of the answer: gone, or an appliance that reads only part of the list. One
        // read each tells which (404 = gone); with a working batch form this is the rare case.
        await readEach(
          call,
          chunk.filter((id) => !out.has(id)),
          out,
        );
        delete call.state.batchRefusedAtMs;
      } catch (err) {
        // The comma form refused (INPUT ERROR, or read as one unknown pbid): one read per id.
        if (!(err instanceof RejectedError) && !(err instanceof NotFoundError)) throw err;
        call.log.info({ code: err.code }, 'mirror: the appliance refused the batch read of model breaches; reading one at a time');
        call.state.batchRefusedAtMs = call.nowMs;
        batch = false;
        await readEach(call, chunk, out);
      }
    }
    return out;
  },
  async readOne(call, id) {
    const { items } = await call.client.breachStates([pbidOf(id)]);
    const record = items.find((r) => String(r.pbid) === id);
    if (!record) throw new NotFoundError(`Darktrace has no model breach ${id}: it may have been deleted.`, { method: 'GET', path: '/modelbreaches' });
    return stateOf(record);
  },
  async readComments(call, id) {
    const { items } = await call.client.breachComments(pbidOf(id));
    return items.flatMap((c) => toComment(c, id) ?? []);
  },
  setAcknowledged(call, id, acknowledged) {
    return call.client.acknowledgeBreach(pbidOf(id), acknowledged);
  },
  postComment(call, id, message) {
    return call.client.postBreachComment(pbidOf(id), message);
  },
};
