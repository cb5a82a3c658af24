// What one change-detection round costs, counted in the simulator's request log: with 1,000 open
// mirrored incidents it is O(chunks + changed ids), not one request per incident; a full comment
// window is narrowed; a refused batch form falls back to one read per id; and an appliance failing
// half-way through loses no change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Integration } from '../../src/api/integration.js';
import type { MirrorStateHolder } from '../../src/api/mirroring.js';
import { fixedClock, type ManualClock } from '../../src/clock.js';
import { ServerError } from '../../src/errors.js';
import { BATCH_SIZE, COMMENT_PAGE } from '../../src/mirror/model-breaches.js';
import { startSimulator, type RecordedRequest, type RunningSimulator } from '../../src/simulator/server.js';
import { openMirrorInstance } from '../helpers/mirror-instance.js';

const OPEN = 1000;
const FIRST_PBID = 200_000;

let sim: RunningSimulator;
let clock: ManualClock;
let dt: Integration;
let state: MirrorStateHolder;

beforeEach(async () => {
  clock = fixedClock('2026-03-01T12:00:00Z');
  sim = await startSimulator({ clock });
  const template = sim.state.breaches.find((b) => b.pbid === 30952)!;
  const opened = Array.from({ length: OPEN }, (_, i) => ({ ...structuredClone(template), pbid: FIRST_PBID + i, commentCount: 0, acknowledged: false }));
  sim.state.breaches.push(...opened);
  dt = openMirrorInstance(sim, clock, { mirror_direction: 'Incoming', close_incident: true });
  state = {};
  dt.mirror.registerFetched(
    opened.map((b) => ({ dbotMirrorId: String(b.pbid), rawJSON: JSON.stringify(b) })),
    state,
  );
  // A first round pins the comment cursor, as a running instance has.
  expect(await dt.mirror.getModifiedRemoteData({ lastUpdate: '2026-03-01T12:00:00Z' }, state)).toEqual([]);
  clock.advance(60_000);
});

afterEach(async () => {
  await dt.close();
  await sim.close();
});

function commentInDarktrace(pbid: number, message: string): void {
  sim.state.comments.push({ time: clock.now(), pbid, username: 'analyst', message, pid: 1, name: 'model' });
  sim.state.breaches.find((b) => b.pbid === pbid)!.commentCount += 1;
}

function acknowledgeInDarktrace(pbid: number): void {
  sim.state.breaches.find((b) => b.pbid === pbid)!.acknowledged = true;
}

/** Requests of one call, by path. */
async function counted<T>(run: () => Promise<T>): Promise<{ value: T; byPath: Record<string, number>; requests: RecordedRequest[] }> {
  const from = sim.requests.length;
  const value = await run();
  const requests = sim.requests.slice(from);
  const byPath: Record<string, number> = {};
  for (const r of requests) {
    const key = /^\/modelbreaches\/\d+\/comments$/.test(r.path) ? '/modelbreaches/<pbid>/comments' : r.path;
    byPath[key] = (byPath[key] ?? 0) + 1;
  }
  return { value, byPath, requests };
}

const cursor = () => (state.integrationContext as { mirror: { sources: { mb: { commentsCursorMs?: number } } } }).mirror.sources.mb.commentsCursorMs;

describe('change detection cost', () => {
  it(`${OPEN} open incidents, 5 changed: 1 comment window + ${OPEN / BATCH_SIZE} batch reads, then 2 reads per changed id`, async () => {
    for (const pbid of [FIRST_PBID + 3, FIRST_PBID + 500, FIRST_PBID + 999]) acknowledgeInDarktrace(pbid);
    for (const pbid of [FIRST_PBID + 10, FIRST_PBID + 750]) commentInDarktrace(pbid, 'seen');
    clock.advance(60_000);
    const round = await counted(() => dt.mirror.getModifiedRemoteData({}, state));
    expect(round.value.sort()).toEqual(['200003', '200010', '200500', '200750', '200999']);
    expect(round.byPath).toEqual({ '/mbcomments': 1, '/modelbreaches': OPEN / BATCH_SIZE });

    const reads = await counted(async () => {
      for (const id of round.value) await dt.mirror.getRemoteData({ id }, state);
    });
    expect(reads.byPath).toEqual({ '/modelbreaches': 5, '/modelbreaches/<pbid>/comments': 5 });
    clock.advance(60_000);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([]);
  });

  it(`a window holding ${COMMENT_PAGE} comments or more is narrowed until each answer is below the cap`, async () => {
    const commented = Array.from({ length: 250 }, (_, i) => FIRST_PBID + i);
    for (const pbid of commented) {
      commentInDarktrace(pbid, `note ${pbid}`);
      clock.advance(100);
    }
    const round = await counted(() => dt.mirror.getModifiedRemoteData({}, state));
    expect(round.value).toHaveLength(250);
    const windows = round.requests.filter((r) => r.path === '/mbcomments');
    expect(windows.length).toBeGreaterThan(1);
    expect(windows.every((r) => new URLSearchParams(r.rawQuery).get('count') === String(COMMENT_PAGE))).toBe(true);
  });

  it('an appliance refusing the batch form is read one id at a time, and not asked the batch form again that day', async () => {
    sim.quirks.refuseBatchPbid = true;
    acknowledgeInDarktrace(FIRST_PBID + 42);
    const first = await counted(() => dt.mirror.getModifiedRemoteData({}, state));
    expect(first.value).toEqual(['200042']);
    const refused = first.requests.filter((r) => r.path === '/modelbreaches' && r.status === 400);
    expect(refused).toHaveLength(1);
    expect(first.byPath).toEqual({ '/mbcomments': 1, '/modelbreaches': 1 + OPEN });
    clock.advance(60_000);
    const second = await counted(() => dt.mirror.getModifiedRemoteData({}, state));
    expect(second.byPath).toEqual({ '/mbcomments': 1, '/modelbreaches': OPEN });
    expect(second.value).toEqual(['200042']);
  });
});

describe('an appliance failing half-way through a round', () => {
  it('loses no change: the cursor stays, and the next round names every change', async () => {
    acknowledgeInDarktrace(FIRST_PBID + 990);
    commentInDarktrace(FIRST_PBID + 5, 'while failing');
    clock.advance(60_000);
    const before = cursor();
    let batchReads = 0;
    const failTenth = (r: RecordedRequest) => {
      if (r.path === '/modelbreaches' && ++batchReads === 10) sim.faults.push({ kind: 'status', status: 503 });
    };
    sim.events.on('request', failTenth);
    await expect(dt.mirror.getModifiedRemoteData({}, state)).rejects.toBeInstanceOf(ServerError);
    sim.events.off('request', failTenth);
    expect(cursor()).toBe(before);

    clock.advance(60_000);
    expect((await dt.mirror.getModifiedRemoteData({}, state)).sort()).toEqual(['200005', '200990']);
    const comment = await dt.mirror.getRemoteData({ id: '200005' }, state);
    expect(comment.entries.map((e) => e.Contents)).toEqual(['**analyst** (2026-03-01T12:01:00.000Z): while failing']);
  });

  it('a rate limit answers "skip update" (XSOAR tries again next minute) and loses nothing', async () => {
    acknowledgeInDarktrace(FIRST_PBID + 8);
    sim.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '0' } });
    await expect(dt.mirror.getModifiedRemoteData({}, state)).rejects.toMatchObject({
      code: 'DT_MIRROR_SKIPPED',
      message: expect.stringMatching(/^skip update: /),
    });
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual(['200008']);
  });

  it('a failed get-remote-data leaves the change pending for the next round', async () => {
    acknowledgeInDarktrace(FIRST_PBID + 7);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual(['200007']);
    sim.faults.push({ kind: 'status', status: 503 });
    await expect(dt.mirror.getRemoteData({ id: '200007' }, state)).rejects.toBeInstanceOf(ServerError);
    clock.advance(60_000);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual(['200007']);
    expect((await dt.mirror.getRemoteData({ id: '200007' }, state)).entries).toEqual([
      expect.objectContaining({ Contents: expect.objectContaining({ dbotIncidentClose: true }) }),
    ]);
  });
});
