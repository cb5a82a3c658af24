// One fetch cycle against a fake client that answers like the appliance (shuffled, window and
// minscore applied server-side), table-driven over the cases public fetchers get wrong (§6).
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { ConfigError, StateError } from '../../../src/errors.js';
import { fetchStream } from '../../../src/incidents/fetch-incidents.js';
import { modelBreaches, type BreachSource, type ModelBreachSection } from '../../../src/incidents/sources/model-breaches.js';

const OVERLAP_MS = modelBreaches.overlapMs;

const NOW = Date.parse('2026-03-01T12:00:00Z');
const T = NOW - 3_600_000;

interface Row {
  pbid: number;
  c: number;
  score?: number;
  time?: number;
}

function breach(r: Row): Record<string, unknown> {
  return {
    pbid: r.pbid,
    time: r.time ?? r.c - 60_000,
    creationTime: r.c,
    score: r.score ?? 0.8,
    model: { then: { name: 'Compromise::Watched Domain', pid: 250, priority: 5, category: 'Critical' } },
    device: { did: 7, hostname: `host-${r.pbid}` },
  };
}

type Query = Parameters<BreachSource['modelBreachesReceived']>[0];

/** Filters like the appliance (creationtime window inclusive, minscore) and answers newest first. */
function fakeClient(records: unknown[], opts: { ignoreMinScore?: boolean } = {}) {
  const queries: Query[] = [];
  const client: BreachSource = {
    modelBreachesReceived: async (q) => {
      queries.push(q);
      const field = (b: unknown, k: string): unknown => (b !== null && typeof b === 'object' ? (b as Record<string, unknown>)[k] : undefined);
      return records
        .filter((b) => {
          const c = field(b, 'creationTime');
          return typeof c !== 'number' || (c >= (q.startTime ?? 0) && c <= (q.endTime ?? Infinity));
        })
        .filter((b) => {
          const s = field(b, 'score');
          return opts.ignoreMinScore || typeof s !== 'number' || s >= (q.minScore01 ?? 0);
        })
        .reverse();
    },
  };
  return { client, queries };
}

const log = { warn: () => undefined };
const params = { min_score: 50, max_alerts: 3, first_fetch: '2 hours' };
const checkpointAt = (creationTimeMs: number, recent: Array<[number, number]> = []): ModelBreachSection => ({
  creationTimeMs,
  recent: recent.map(([pbid, c]) => ({ pbid, creationTimeMs: c })),
});

describe('fetchIncidents', () => {
  it.each([
    {
      name: 'max_alerts cuts a tie: the rest of the millisecond comes next cycle',
      rows: [
        { pbid: 1, c: T },
        { pbid: 2, c: T + 5 },
        { pbid: 3, c: T + 5 },
        { pbid: 4, c: T + 5 },
        { pbid: 5, c: T + 9 },
      ],
      cycles: [[1, 2, 3], [4, 5], []],
    },
    {
      name: 'equal timestamps at the checkpoint are neither lost nor repeated (§6 P2)',
      rows: [
        { pbid: 10, c: T },
        { pbid: 11, c: T },
        { pbid: 12, c: T },
        { pbid: 13, c: T },
        { pbid: 14, c: T },
      ],
      cycles: [[10, 11, 12], [13, 14], []],
    },
    {
      name: 'sorted by (creationTime, pbid) whatever the answer order, not by activity time (§6 P3, P4)',
      rows: [
        { pbid: 30, c: T + 2, time: T - 7_200_000 },
        { pbid: 20, c: T + 1 },
        { pbid: 40, c: T + 2 },
        { pbid: 25, c: T + 3, time: T - 99 },
      ],
      cycles: [[20, 30, 40], [25], []],
    },
    {
      name: 'min_score boundary: 0.5 is in, 0.499 is out',
      rows: [
        { pbid: 1, c: T, score: 0.5 },
        { pbid: 2, c: T + 1, score: 0.499 },
        { pbid: 3, c: T + 2, score: 1 },
      ],
      cycles: [[1, 3], []],
    },
  ])('$name', async ({ rows, cycles }) => {
    const { client } = fakeClient(rows.map(breach));
    let lastRun: ModelBreachSection | undefined;
    for (const want of cycles) {
      const r = await fetchStream({ source: modelBreaches, client, params, lastRun, clock: fixedClock(NOW), log });
      expect(r.incidents.map((i) => Number(i.dbotMirrorId))).toEqual(want);
      lastRun = r.nextRun;
    }
  });

  it('keeps the checkpoint at the last delivered millisecond with the pbids delivered there', async () => {
    const { client } = fakeClient(
      [
        { pbid: 1, c: T },
        { pbid: 2, c: T + 5 },
        { pbid: 3, c: T + 5 },
        { pbid: 4, c: T + 5 },
      ].map(breach),
    );
    const r = await fetchStream({ source: modelBreaches, client, params, lastRun: undefined, clock: fixedClock(NOW), log });
    // A first run records the first_fetch it started from.
    expect(r.nextRun).toEqual({
      ...checkpointAt(T + 5, [
        [1, T],
        [2, T + 5],
        [3, T + 5],
      ]),
      firstFetch: '2 hours',
    });
    expect(r.stats).toMatchObject({ received: 4, delivered: 3, deferred: 1, quarantined: 0 });
  });

  it.each([
    { name: 'unchanged: no word', stored: '2 hours', want: [], next: '2 hours' },
    {
      name: 'changed: said once, the checkpoint wins, the new value is recorded',
      stored: '3 days',
      want: ['first_fetch changed from "3 days" to "2 hours", but the checkpoint wins'],
      next: '2 hours',
    },
    { name: 'an older checkpoint without it: no word, nothing recorded', stored: undefined, want: [], next: undefined },
  ])('first_fetch against the checkpoint: $name', async ({ stored, want, next }) => {
    const { client } = fakeClient([]);
    const warned: string[] = [];
    const warnLog = { warn: (_fields: unknown, message: string) => void warned.push(message) } as never;
    const lastRun = { ...checkpointAt(T), ...(stored === undefined ? {} : { firstFetch: stored }) };
    const r = await fetchStream({ source: modelBreaches, client, params, lastRun, clock: fixedClock(NOW), log: warnLog });
    expect(warned.map((m) => m.slice(0, want[0]?.length ?? 0))).toEqual(want);
    if (want.length > 0) expect(warned[0]).toContain('delete the checkpoint');
    expect(r.nextRun.creationTimeMs).toBe(T);
    expect(r.nextRun.firstFetch).toBe(next);
  });

  it('delivers a breach indexed late inside the overlap window once, and forgets pbids older than the window', async () => {
    const cp = checkpointAt(T, [
      [1, T - 60_000],
      [2, T],
      [3, T - OVERLAP_MS - 1],
    ]);
    const rows = [
      { pbid: 1, c: T - 60_000 },
      { pbid: 2, c: T },
      { pbid: 9, c: T - 30_000 },
      { pbid: 5, c: T + 10 },
    ];
    const { client, queries } = fakeClient(rows.map(breach));
    const r = await fetchStream({ source: modelBreaches, client, params, lastRun: cp, clock: fixedClock(NOW), log });
    expect(r.incidents.map((i) => i.dbotMirrorId)).toEqual(['9', '5']);
    expect(queries[0]).toMatchObject({ startTime: T - OVERLAP_MS, creationTime: true, minScore01: 0.5, includeAcknowledged: false });
    expect(queries.at(-1)?.endTime).toBe(NOW);
    expect(r.nextRun.recent.map((d) => d.pbid).sort()).toEqual([1, 2, 5, 9]);
    expect(r.stats.alreadyDelivered).toBe(2);
  });

  it('resolves first_fetch to milliseconds, not seconds (§6 P1)', async () => {
    const { client, queries } = fakeClient([]);
    const r = await fetchStream({
      source: modelBreaches,
      client,
      params: { ...params, first_fetch: '2 hours' },
      lastRun: undefined,
      clock: fixedClock(NOW),
      log,
      overlapMs: 0,
    });
    expect(queries[0]?.startTime).toBe(NOW - 7_200_000);
    expect(r.nextRun.creationTimeMs).toBe(NOW - 7_200_000);
  });

  it('rejects an unparseable first_fetch as a configuration error naming it', async () => {
    const { client } = fakeClient([]);
    const run = fetchStream({
      source: modelBreaches,
      client,
      params: { ...params, first_fetch: 'yesterday-ish' },
      lastRun: undefined,
      clock: fixedClock(NOW),
      log,
    });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(run).rejects.toThrow(/first_fetch.*yesterday-ish/);
  });

  it('delivers what it can read, quarantines the rest with reason and field, and counts every record', async () => {
    const noModel = { ...breach({ pbid: 77, c: T + 1 }), model: null, device: { did: -1 } };
    const noCreation = { ...breach({ pbid: 78, c: T }), creationTime: undefined };
    const floatPbid = { ...breach({ pbid: 1, c: T + 3 }), pbid: 5.5 };
    const records = [breach({ pbid: 1, c: T }), noModel, noCreation, 'junk', breach({ pbid: 3, c: T + 2, score: 0.1 }), floatPbid];
    const { client } = fakeClient(records, { ignoreMinScore: true });
    const r = await fetchStream({ source: modelBreaches, client, params, lastRun: undefined, clock: fixedClock(NOW), log });
    expect(r.incidents.map((i) => i.dbotMirrorId)).toEqual(['1', '77']);
    expect(r.incidents[1]!.name).toBe('Darktrace Model Breach 77: unknown model on System (score 80)');
    // The fake answers the records without a creationTime in both slices of the 2-hour window:
    // quarantined once, the repeat counted as already seen.
    expect(r.stats).toEqual({
      received: 8,
      delivered: 2,
      quarantined: 3,
      belowScore: 1,
      filtered: 0,
      filteredBy: {},
      alreadyDelivered: 2,
      outsideWindow: 0,
      deferred: 0,
    });
    // In the order received: the fake answers each slice newest first, and 5.5 is in the second slice.
    expect(r.quarantined.map(({ pbid, field, reason }) => ({ pbid, field, reason }))).toEqual([
      { field: '(record)', reason: 'the record is a string, not an object' },
      { pbid: '78', field: 'creationTime', reason: 'creationTime is missing' },
      { pbid: '5.5', field: 'pbid', reason: 'pbid is 5.5, expected an integer' },
    ]);
    expect(r.quarantined[1]!.record).toBe(noCreation); // as received
  });

  it('quarantines a record JSON.stringify cannot serialise (deep nesting), in a safe form, and moves past it', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const poisoned = { ...breach({ pbid: 2, c: T + 1 }), triggeredComponents: deep };
    const { client } = fakeClient([breach({ pbid: 1, c: T }), poisoned, breach({ pbid: 3, c: T + 2 })]);
    const r = await fetchStream({ source: modelBreaches, client, params, lastRun: undefined, clock: fixedClock(NOW), log });
    expect(r.incidents.map((i) => i.dbotMirrorId)).toEqual(['1', '3']);
    expect(r.quarantined).toHaveLength(1);
    expect(r.quarantined[0]).toMatchObject({ pbid: '2', field: '(record)', reason: expect.stringContaining('cannot be serialised') });
    expect(JSON.stringify(r.quarantined[0]!.record)).toContain('[truncated: nested deeper than 32 levels]');
    expect(r.nextRun.recent.map((d) => d.pbid)).toEqual([1, 2, 3]);
    const again = await fetchStream({ source: modelBreaches, client, params, lastRun: r.nextRun, clock: fixedClock(NOW), log });
    expect(again.quarantined).toEqual([]);
    expect(again.stats.alreadyDelivered).toBe(3);
  });

  it('does not deliver a breach the appliance returned outside the window, so it never repeats every cycle', async () => {
    const cp = checkpointAt(T, [[2, T]]);
    const ancient = breach({ pbid: 1, c: T - OVERLAP_MS - 60_000 });
    const ahead = breach({ pbid: 9, c: NOW + 60_000 });
    const farAhead = breach({ pbid: 10, c: NOW + 2 * 86_400_000 });
    const client: BreachSource = { modelBreachesReceived: async () => [ancient, ahead, farAhead, breach({ pbid: 5, c: T + 1 })] };
    let lastRun = cp;
    for (let cycle = 0; cycle < 3; cycle++) {
      // One slice (a day wide) so that each record is outside or inside exactly once.
      const r = await fetchStream({ source: modelBreaches, client, params, lastRun, clock: fixedClock(NOW), log, firstSliceMs: 86_400_000 });
      expect(r.incidents.map((i) => i.dbotMirrorId)).toEqual(cycle === 0 ? ['5'] : []);
      expect(r.stats.outsideWindow).toBe(2);
      expect(r.quarantined.map((q) => q.reason)).toEqual([expect.stringMatching(/^creationTime is .*, more than a day after this host's clock$/)]);
      expect(r.nextRun.creationTimeMs).toBe(T + 1);
      lastRun = r.nextRun;
    }
  });

  it.each([
    { name: 'a checkpoint 6 minutes ahead is refused', ahead: 6 * 60_000, refused: true },
    { name: 'a checkpoint 4 minutes ahead is taken (appliance clocks run ahead)', ahead: 4 * 60_000, refused: false },
  ])('$name', async ({ ahead, refused }) => {
    const { client, queries } = fakeClient([]);
    const run = fetchStream({ source: modelBreaches, client, params, lastRun: checkpointAt(NOW + ahead), clock: fixedClock(NOW), log });
    if (refused) {
      await expect(run).rejects.toBeInstanceOf(StateError);
      await expect(run).rejects.toThrow(/the fetch checkpoint lastRun is at 2026-03-01T12:06:00.000Z, later than now \(2026-03-01T12:00:00.000Z\)/);
      expect(queries).toEqual([]);
    } else {
      await expect(run).resolves.toMatchObject({ incidents: [] });
    }
  });

  it('refuses a first_fetch later than now, naming it', async () => {
    const { client, queries } = fakeClient([]);
    const run = fetchStream({
      source: modelBreaches,
      client,
      params: { ...params, first_fetch: '2026-03-02T00:00:00Z' },
      lastRun: undefined,
      clock: fixedClock(NOW),
      log,
    });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(run).rejects.toThrow(/first_fetch: "2026-03-02T00:00:00Z" is 2026-03-02T00:00:00.000Z, later than now/);
    expect(queries).toEqual([]);
  });

  it('leaves the checkpoint where it was when nothing new came', async () => {
    const cp = checkpointAt(T, [[2, T]]);
    const { client } = fakeClient([breach({ pbid: 2, c: T })]);
    const r = await fetchStream({ source: modelBreaches, client, params, lastRun: cp, clock: fixedClock(NOW), log });
    expect(r.incidents).toEqual([]);
    expect(r.nextRun).toEqual(cp);
  });
});
