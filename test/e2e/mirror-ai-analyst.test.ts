// Two-way mirroring of AI Analyst incident events through the library, against the simulator over
// real sockets: acknowledge -> close entry, close -> acknowledged, comments both ways exactly once
// without echo, and what one change-detection round costs with 1,000 open events (counted in the
// simulator's request log).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Integration } from '../../src/api/integration.js';
import type { MirrorStateHolder } from '../../src/api/mirroring.js';
import { fixedClock, type ManualClock } from '../../src/clock.js';
import { AIA_BATCH_SIZE, AIA_COMMENT_SWEEP } from '../../src/mirror/ai-analyst.js';
import type { AiaEvent } from '../../src/simulator/aianalyst-data.js';
import { startSimulator, type RecordedRequest, type RunningSimulator } from '../../src/simulator/server.js';
import { CLOSED_IN_DARKTRACE, openMirrorInstance } from '../helpers/mirror-instance.js';

const MIRROR_PARAMS = { mirror_direction: 'Incoming And Outgoing', close_incident: true, close_out: true };
const EVENTS = '/aianalyst/incidentevents';
const COMMENTS = '/aianalyst/incident/comments';

let sim: RunningSimulator;
let clock: ManualClock;
let dt: Integration;
let state: MirrorStateHolder;

/** The 1,000-event tests' ids: UUID-shaped, each its own incident. */
const manyId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

function openEvents(count: number): AiaEvent[] {
  const template = sim.state.aianalyst.events[0]!;
  const events = Array.from({ length: count }, (_, i) => ({
    ...structuredClone(template),
    id: manyId(i),
    currentGroup: `g${manyId(i)}`,
    groupPreviousGroups: [],
    acknowledged: false,
    pinned: false,
  }));
  sim.state.aianalyst.events.push(...events);
  return events;
}

function register(events: readonly AiaEvent[]): void {
  dt.mirror.registerFetched(
    events.map((e) => ({ dbotMirrorId: e.id, rawJSON: JSON.stringify(e) })),
    state,
  );
}

/**
 * An incoming-mirroring instance with `count` open events fetched and a first round done (nothing
 * changed yet), a minute before the round a test makes; their ids.
 */
async function mirrorOpenEvents(count: number): Promise<string[]> {
  dt = openMirrorInstance(sim, clock, { mirror_direction: 'Incoming', close_incident: true });
  const open = openEvents(count);
  register(open);
  expect(await dt.mirror.getModifiedRemoteData({ lastUpdate: '2026-03-01T12:00:00Z' }, state)).toEqual([]);
  clock.advance(60_000);
  return open.map((e) => e.id);
}

const event = (id: string) => sim.state.aianalyst.events.find((e) => e.id === id)!;
const requestsTo = (path: string, from = 0) => sim.requests.slice(from).filter((r) => r.path === path);

function commentInDarktrace(id: string, username: string, message: string): void {
  sim.state.aianalyst.comments.push({ time: clock.now(), incident_id: id, username, message });
}

async function counted<T>(run: () => Promise<T>): Promise<{ value: T; byPath: Record<string, number>; requests: RecordedRequest[] }> {
  const from = sim.requests.length;
  const value = await run();
  const requests = sim.requests.slice(from);
  const byPath: Record<string, number> = {};
  for (const r of requests) byPath[r.path] = (byPath[r.path] ?? 0) + 1;
  return { value, byPath, requests };
}

beforeEach(async () => {
  clock = fixedClock('2026-03-01T12:00:00Z');
  sim = await startSimulator({ clock });
  state = {};
});

afterEach(async () => {
  await dt.close();
  await sim.close();
});

describe('mirroring AI Analyst events', () => {
  let ids: string[];

  beforeEach(async () => {
    dt = openMirrorInstance(sim, clock, MIRROR_PARAMS);
    const open = openEvents(5);
    ids = open.map((e) => e.id);
    register(open);
    expect(await dt.mirror.getModifiedRemoteData({ lastUpdate: '2026-03-01T12:00:00Z' }, state)).toEqual([]);
    clock.advance(60_000);
  });

  it('an acknowledgement in Darktrace is named once and closes the incident', async () => {
    event(ids[1]!).acknowledged = true;
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([ids[1]]);
    const remote = await dt.mirror.getRemoteData({ id: ids[1], lastUpdate: '2026-03-01T12:00:00Z' }, state);
    expect(remote.mirroredObject).toMatchObject({ id: ids[1], eventId: ids[1], acknowledged: true, groupId: `g${ids[1]}` });
    expect(remote.entries).toEqual([CLOSED_IN_DARKTRACE]);
    clock.advance(60_000);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([]);
    // The platform reports the close: already acknowledged, nothing is sent.
    const before = sim.requests.length;
    expect(await dt.mirror.updateRemoteSystem({ remoteId: ids[1], status: 2, incidentChanged: true }, state)).toBe(ids[1]);
    expect(requestsTo('/aianalyst/acknowledge', before)).toEqual([]);
  });

  it('an event id in capitals is the same incident (ids are compared lower-cased)', async () => {
    event(ids[2]!).acknowledged = true;
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([ids[2]]);
    const remote = await dt.mirror.getRemoteData({ id: ids[2]!.toUpperCase() }, state);
    expect(remote.mirroredObject).toMatchObject({ id: ids[2], acknowledged: true });
  });

  it('closing the incident in the SOAR acknowledges the event in Darktrace, with the form uuid', async () => {
    const before = sim.requests.length;
    expect(await dt.mirror.updateRemoteSystem({ remoteId: ids[0], status: 2, incidentChanged: true }, state)).toBe(ids[0]);
    expect(event(ids[0]!).acknowledged).toBe(true);
    const posts = requestsTo('/aianalyst/acknowledge', before);
    expect(posts).toHaveLength(1);
    clock.advance(60_000);
    // Closed in the SOAR: not read, not named.
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([]);
    // Reopened in the SOAR: unacknowledged in Darktrace.
    await dt.mirror.updateRemoteSystem({ remoteId: ids[0], status: 1, incidentChanged: true }, state);
    expect(event(ids[0]!).acknowledged).toBe(false);
  });

  it('a merge into another incident (new groupId) is a change the SOAR is given', async () => {
    event(ids[3]!).currentGroup = `g${ids[4]}`;
    // The incident it joined scores higher now (groupScore can only rise), so its event changed too.
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([ids[3], ids[4]]);
    const remote = await dt.mirror.getRemoteData({ id: ids[3] }, state);
    expect(remote.mirroredObject).toMatchObject({ groupId: `g${ids[4]}` });
    expect(remote.entries).toEqual([]);
  });

  it('a Darktrace comment becomes one note, tagged so that it never goes back out', async () => {
    commentInDarktrace(ids[2]!, 'analyst3', 'Owner confirmed the upload.');
    clock.advance(60_000);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([ids[2]]);
    const remote = await dt.mirror.getRemoteData({ id: ids[2] }, state);
    expect(remote.entries).toEqual([
      {
        Type: 1,
        Contents: '**analyst3** (2026-03-01T12:01:00.000Z): Owner confirmed the upload.',
        ContentsFormat: 'markdown',
        Tags: ['FromDarktrace'],
        Note: true,
      },
    ]);
    clock.advance(60_000);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([]);
    expect((await dt.mirror.getRemoteData({ id: ids[2] }, state)).entries).toEqual([]);
    const before = sim.requests.length;
    const entries = [{ id: '5@1', contents: remote.entries[0]!.Contents, tags: ['FromDarktrace', 'comment'], user: 'DBot' }];
    await dt.mirror.updateRemoteSystem({ remoteId: ids[2], status: 1, incidentChanged: true, entries }, state);
    expect(requestsTo(COMMENTS, before).filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('a tagged note becomes one Darktrace comment with the prefix, verified, and is never brought back in', async () => {
    const entries = [
      { id: '7@1', contents: 'Escalated to tier 2.', user: 'alice', tags: ['comment'] },
      { id: '8@1', contents: 'Not for Darktrace.', user: 'alice', tags: ['note'] },
    ];
    await dt.mirror.updateRemoteSystem({ remoteId: ids[4], status: 1, incidentChanged: true, entries }, state);
    await dt.mirror.updateRemoteSystem({ remoteId: ids[4], status: 1, incidentChanged: true, entries }, state);
    expect(sim.state.aianalyst.comments.filter((c) => c.incident_id === ids[4]).map((c) => c.message)).toEqual(['[XSOAR] alice: Escalated to tier 2.']);
    clock.advance(60_000);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([]);
    expect((await dt.mirror.getRemoteData({ id: ids[4] }, state)).entries).toEqual([]);
  });

  it('an appliance that answers SUCCESS without storing the comment (TV 7.0.42) fails the update, and the retry posts again', async () => {
    sim.state.aianalyst.dropPostedComments = true;
    const entries = [{ id: '9@1', contents: 'Benign.', user: 'alice', tags: ['comment'] }];
    await expect(dt.mirror.updateRemoteSystem({ remoteId: ids[0], status: 1, incidentChanged: true, entries }, state)).rejects.toMatchObject({
      code: 'DT_WRITE_NOT_STORED',
    });
    sim.state.aianalyst.dropPostedComments = false;
    await dt.mirror.updateRemoteSystem({ remoteId: ids[0], status: 1, incidentChanged: true, entries }, state);
    expect(sim.state.aianalyst.comments.filter((c) => c.incident_id === ids[0]).map((c) => c.message)).toEqual(['[XSOAR] alice: Benign.']);
  });

  it('get-mapping-fields names both incident types', () => {
    const schemes = dt.mirror.getMappingFields();
    expect(schemes.map((s) => s.type)).toEqual(['Darktrace Model Breach', 'Darktrace AI Analyst Incident Event']);
    expect(Object.keys(schemes[1]!.fields)).toEqual(['eventId', 'acknowledged', 'groupId', 'groupScore', 'pinned', 'title', 'link']);
  });
});

describe('AI Analyst change detection cost', () => {
  const OPEN = 1000;
  let ids: string[];

  beforeEach(async () => {
    ids = await mirrorOpenEvents(OPEN);
  });

  it(`${OPEN} open events, 4 changed: ${OPEN / AIA_BATCH_SIZE} batch reads + ${AIA_COMMENT_SWEEP} comment reads, then 2 reads per changed id`, async () => {
    event(ids[3]!).acknowledged = true;
    event(ids[999]!).acknowledged = true;
    event(ids[500]!).currentGroup = `g${ids[501]}`;
    const round = await counted(() => dt.mirror.getModifiedRemoteData({}, state));
    // 501: the incident 500 merged into scores higher now.
    expect([...round.value].sort()).toEqual([ids[3], ids[500], ids[501], ids[999]]);
    expect(round.byPath).toEqual({ [EVENTS]: OPEN / AIA_BATCH_SIZE, [COMMENTS]: AIA_COMMENT_SWEEP });
    const reads = await counted(async () => {
      for (const id of round.value) await dt.mirror.getRemoteData({ id }, state);
    });
    expect(reads.byPath).toEqual({ [EVENTS]: 4, [COMMENTS]: 4 });
    clock.advance(60_000);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([]);
  });
});

describe('AI Analyst comment sweep and batch refusal', () => {
  // Fewer open events: these rounds read one event or one event's comments per request.
  const OPEN = 3 * AIA_COMMENT_SWEEP;
  let ids: string[];

  beforeEach(async () => {
    ids = await mirrorOpenEvents(OPEN);
  });

  it('a Darktrace comment is found when the sweep reaches its event, within ceil(open / sweep) rounds', async () => {
    const target = ids[7]!;
    commentInDarktrace(target, 'analyst', 'late note');
    let rounds = 0;
    let named: string[] = [];
    while (!named.includes(target) && rounds < Math.ceil(OPEN / AIA_COMMENT_SWEEP)) {
      clock.advance(60_000);
      named = await dt.mirror.getModifiedRemoteData({}, state);
      rounds += 1;
    }
    expect(named).toEqual([target]);
    expect(rounds).toBeLessThanOrEqual(Math.ceil(OPEN / AIA_COMMENT_SWEEP));
    expect((await dt.mirror.getRemoteData({ id: target }, state)).entries.map((e) => e.Contents)).toEqual([
      '**analyst** (2026-03-01T12:01:00.000Z): late note',
    ]);
  });

  it('an appliance refusing the uuid list is read one event at a time, and not asked the list form again that day', async () => {
    sim.quirks.refuseBatchUuid = true;
    event(ids[42]!).acknowledged = true;
    const first = await counted(() => dt.mirror.getModifiedRemoteData({}, state));
    expect(first.value).toEqual([ids[42]]);
    expect(first.requests.filter((r) => r.path === EVENTS && r.status === 400)).toHaveLength(1);
    expect(first.byPath[EVENTS]).toBe(1 + OPEN);
    clock.advance(60_000);
    const second = await counted(() => dt.mirror.getModifiedRemoteData({}, state));
    expect(second.byPath[EVENTS]).toBe(OPEN);
    expect(second.value).toEqual([ids[42]]);
  });
});
