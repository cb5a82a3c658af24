// Issue #14: the sliced fetch. The width rule as a table, then whole cycles against a fake
// appliance that applies the creation-time window (with an inclusive or an exclusive end: the
// appliance's is undocumented) and records every query: the slices tile the window with only the
// shared boundary millisecond, the cycle stops asking once max_alerts are ready, every breach is
// delivered exactly once across slices and cycles, ties at a boundary and at one millisecond
// included, and an answer too large even at the narrowest slice ends the cycle instead of looping.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { FetchSliceTooLargeError, ResponseTooLargeError, ServerError } from '../../../src/errors.js';
import {
  FIRST_SLICE_MS,
  firstSliceMs,
  lastSliceMs,
  MAX_FIRST_SLICE_MS,
  MAX_GROWTH,
  nextSliceMs,
  sliceBudget,
  sliceTarget,
} from '../../../src/incidents/slices.js';
import { shuffled } from '../../../src/simulator/prng.js';
import { MAX_SLICES, fetchStream } from '../../../src/incidents/fetch-incidents.js';
import { modelBreaches, type BreachSource, type ModelBreachSection } from '../../../src/incidents/sources/model-breaches.js';

const OVERLAP_MS = modelBreaches.overlapMs;

const NOW = Date.parse('2026-03-01T12:00:00Z');
const HOUR = 3_600_000;
const log = { warn: () => undefined };
/**
 * The slices read and kept (an answer over the record budget is read, dropped and its start asked
 * again) tile the window: each starts where the one before it ended (the shared boundary millisecond).
 */
function expectTiled(reads: Query[]): void {
  const kept = reads.filter((q, i) => reads[i + 1]?.startTime !== q.startTime);
  for (let i = 1; i < kept.length; i++) expect(kept[i]!.startTime).toBe(kept[i - 1]!.endTime);
}

type Query = Parameters<BreachSource['modelBreachesReceived']>[0];
type Rec = { pbid: number; creationTime: number; score: number; note?: string };

/**
 * `received`: answers as the real client gives them to the fetch (a ReceivedList, parsed when read),
 * which lets the engine ask for the next slice before reading one; `log` then says in which order
 * slices were asked for and read, and `reads` which answers were read at all.
 */
function fakeAppliance(records: Rec[], o: { endExclusive?: boolean; tooLargeOver?: number; received?: boolean; failOnCall?: number } = {}) {
  const queries: Query[] = [];
  const answers: number[] = [];
  const reads: Query[] = [];
  const log: string[] = [];
  /** The signal each request was given (the engine cancels a slice asked for ahead it will not read). */
  const signals: (AbortSignal | undefined)[] = [];
  let call = 0;
  const client: BreachSource = {
    modelBreachesReceived: async (q, signal) => {
      queries.push(q);
      signals.push(signal);
      const n = ++call;
      log.push(`ask ${n}`);
      if (n === o.failOnCall) throw new ServerError('Darktrace failed to answer GET /modelbreaches (HTTP 503)', { method: 'GET', path: '/modelbreaches' });
      const rows = records.filter((r) => r.creationTime >= q.startTime! && (o.endExclusive ? r.creationTime < q.endTime! : r.creationTime <= q.endTime!));
      if (o.tooLargeOver !== undefined && rows.length > o.tooLargeOver)
        throw new ResponseTooLargeError(2 ** 20, 2 ** 21, 'announced', { method: 'GET', path: '/modelbreaches' });
      answers.push(rows.length);
      const answer = shuffled(rows, n);
      if (!o.received) return answer;
      return {
        length: JSON.stringify(answer).length,
        records: () => {
          log.push(`read ${n}`);
          reads.push(q);
          return answer;
        },
      };
    },
  };
  return { client, queries, answers, reads, log, signals };
}

const rec = (pbid: number, creationTime: number): Rec => ({ pbid, creationTime, score: 0.9 });
/** A record with 5,000 characters more: answers of these look, by their length, like holding few records. */
const bulky = (pbid: number, creationTime: number): Rec => ({ ...rec(pbid, creationTime), note: 'x'.repeat(5_000) });

/** One first cycle (no checkpoint) against `client` at NOW, min_score 0; slice options as given. */
function firstCycle(client: BreachSource, maxAlerts: number, firstFetch: string, slicing: { sliceRecords?: number; firstSliceMs?: number } = {}) {
  return fetchStream({
    source: modelBreaches,
    client,
    params: { min_score: 0, max_alerts: maxAlerts, first_fetch: firstFetch },
    lastRun: undefined,
    clock: fixedClock(NOW),
    log,
    ...slicing,
  });
}

/** Runs cycles until one delivers and defers nothing; returns every pbid delivered, in order. */
async function drain(client: BreachSource, o: { maxAlerts: number; sliceRecords: number; firstFetch: string; firstSliceMs?: number }) {
  const delivered: number[] = [];
  let lastRun: ModelBreachSection | undefined;
  for (let cycle = 0; cycle < 2_000; cycle++) {
    const r = await fetchStream({
      source: modelBreaches,
      client,
      params: { min_score: 0, max_alerts: o.maxAlerts, first_fetch: o.firstFetch },
      lastRun,
      clock: fixedClock(NOW),
      log,
      sliceRecords: o.sliceRecords,
      ...(o.firstSliceMs ? { firstSliceMs: o.firstSliceMs } : {}),
    });
    expect(r.stats.received).toBe(
      r.stats.delivered + r.stats.quarantined + r.stats.belowScore + r.stats.filtered + r.stats.alreadyDelivered + r.stats.outsideWindow + r.stats.deferred,
    );
    delivered.push(...r.incidents.map((i) => Number(i.dbotMirrorId)));
    lastRun = r.nextRun;
    if (r.incidents.length === 0 && r.stats.deferred === 0) return delivered;
  }
  throw new Error('did not drain');
}

/** 2,000 breaches over 10 days; every 7th millisecond group is a tie of 1-6 breaches. */
function backlog(): Rec[] {
  const rows: Rec[] = [];
  let pbid = 1;
  let t = NOW - 10 * 24 * HOUR;
  for (let i = 0; rows.length < 2_000; i++) {
    const ties = i % 7 === 0 ? 1 + (i % 6) : 1;
    for (let k = 0; k < ties; k++) rows.push(rec(pbid++, t));
    t += 400_000 + ((i * 7919) % 40_000);
  }
  return rows;
}

describe('nextSliceMs', () => {
  it.each([
    { name: 'over the target: at least halved', width: 1_000, records: 1_100, target: 1_000, want: 500 },
    { name: 'far over the target: in proportion', width: 1_000, records: 10_000, target: 1_000, want: 100 },
    { name: 'never below the narrowest slice', width: 1, records: 9_999, target: 10, want: 1 },
    { name: 'near the target: unchanged', width: 1_000, records: 600, target: 1_000, want: 1_000 },
    { name: 'thin: grown towards three quarters of the target', width: 1_000, records: 250, target: 1_000, want: 3_000 },
    { name: 'thin: grown at most MAX_GROWTH times', width: 1_000, records: 1, target: 1_000, want: 1_000 * MAX_GROWTH },
    { name: 'empty: only doubled, the density ahead is unknown', width: 1_000, records: 0, target: 1_000, want: 2_000 },
  ])('$name', ({ width, records, target, want }) => expect(nextSliceMs(width, records, target)).toBe(want));

  it.each([
    { name: 'no records seen: unchanged', width: 5_000, seenMs: 1_000, seen: 0, needed: 10, want: 5_000 },
    { name: '10 needed at 1 per 100 ms: 1.1 s', width: 5_000, seenMs: 1_000, seen: 10, needed: 10, want: 1_100 },
    { name: 'more needed than the width holds: unchanged', width: 5_000, seenMs: 1_000, seen: 10, needed: 1_000, want: 5_000 },
  ])('last slice: $name', ({ width, seenMs, seen, needed, want }) => expect(lastSliceMs(width, seenMs, seen, needed)).toBe(want));

  it.each([
    { name: 'a first run: an hour', recent: 0, want: FIRST_SLICE_MS },
    { name: '100 breaches in the 10-minute overlap, target 500: 37.5 minutes', recent: 100, want: 2_250_000 },
    { name: 'one breach in the overlap: a day at most', recent: 1, want: MAX_FIRST_SLICE_MS },
  ])('first slice: $name', ({ recent, want }) => expect(firstSliceMs(recent, OVERLAP_MS, 500)).toBe(want));

  it.each([
    { maxAlerts: 1, want: 500 },
    { maxAlerts: 50, want: 500 },
    { maxAlerts: 2_000, want: 2_000 },
    { maxAlerts: 10_000, want: 2_500 },
  ])('the target for max_alerts $maxAlerts is $want records, the budget twice that', ({ maxAlerts, want }) => {
    expect(sliceTarget(maxAlerts)).toBe(want);
    expect(sliceBudget(want)).toBe(2 * want);
  });
});

describe('the sliced fetch', () => {
  it('asks consecutive slices sharing only their boundary millisecond, from the checkpoint minus the overlap to now', async () => {
    const { client, queries } = fakeAppliance([]);
    await firstCycle(client, 50, '30 days');
    expect(queries[0]).toMatchObject({
      startTime: NOW - 30 * 24 * HOUR - OVERLAP_MS,
      endTime: NOW - 30 * 24 * HOUR - OVERLAP_MS + FIRST_SLICE_MS,
      creationTime: true,
    });
    for (let i = 1; i < queries.length; i++) {
      expect(queries[i]!.startTime).toBe(queries[i - 1]!.endTime);
      expect(queries[i]!.endTime!).toBeGreaterThan(queries[i]!.startTime!);
    }
    expect(queries.at(-1)!.endTime).toBe(NOW);
    // An empty backlog of 30 days costs a handful of requests, not one per hour.
    expect(queries.length).toBeLessThanOrEqual(10);
  });

  it('stops asking once max_alerts incidents are ready, and holds at most the record budget per answer', async () => {
    const { client, queries, answers } = fakeAppliance(backlog());
    const r = await firstCycle(client, 100, '11 days', { sliceRecords: 60 });
    expect(r.incidents.map((i) => Number(i.dbotMirrorId))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(queries.at(-1)!.endTime!).toBeLessThan(NOW - 9 * 24 * HOUR);
    // An answer over the budget (a thin stretch grew the slice into a dense one) is dropped and its start asked again.
    const dropped = answers.flatMap((n, i) => (n > sliceBudget(60) ? [i] : []));
    for (const i of dropped) expect(queries[i + 1]!.startTime).toBe(queries[i]!.startTime);
    expect(r.stats.received).toBeLessThan(2 * 100 + sliceBudget(60));
  });

  // Each case with answers already read and with answers received before they are read (which
  // lets the fetch ask for the next slice ahead: the exactly-once promise is the same).
  const DRAINS = [
    { name: 'inclusive end, small slices', endExclusive: false, maxAlerts: 7, sliceRecords: 5 },
    { name: 'exclusive end, small slices', endExclusive: true, maxAlerts: 7, sliceRecords: 5 },
    { name: 'inclusive end, max_alerts inside a tie', endExclusive: false, maxAlerts: 3, sliceRecords: 500 },
    { name: 'exclusive end, one large cycle', endExclusive: true, maxAlerts: 1_000, sliceRecords: 50 },
    { name: 'inclusive end, slices over the budget', endExclusive: false, maxAlerts: 200, sliceRecords: 20 },
  ].flatMap((c) => [false, true].map((received) => ({ ...c, received, form: received ? 'received' : 'read' })));
  it.each(DRAINS)(
    'delivers 2,000 breaches with ties exactly once across slices and cycles: $name, answers $form',
    async ({ endExclusive, maxAlerts, sliceRecords, received }) => {
      const rows = backlog();
      const { client, queries, log: events } = fakeAppliance(rows, { endExclusive, received });
      const delivered = await drain(client, { maxAlerts, sliceRecords, firstFetch: '11 days', firstSliceMs: 900_000 });
      expect(delivered).toEqual(rows.map((r) => r.pbid));
      expect(queries.length).toBeGreaterThan(Math.ceil(2_000 / maxAlerts));
      // Received answers: some slice was asked for before the one before it was read.
      if (received) expect(events.some((e, i) => e.startsWith('ask') && events[i + 1]?.startsWith('read') && events[i - 1]?.startsWith('ask'))).toBe(true);
    },
  );

  it('delivers a tie that straddles every slice boundary exactly once', async () => {
    // Ties of 4 exactly on the boundaries of 10-minute slices from the window start.
    const start = NOW - 2 * HOUR;
    const rows: Rec[] = [];
    for (let k = 0; k <= 12; k++) for (let j = 0; j < 4; j++) rows.push(rec(rows.length + 1, start - OVERLAP_MS + k * 600_000));
    for (const endExclusive of [false, true]) {
      const { client, queries } = fakeAppliance(rows, { endExclusive });
      const delivered = await drain(client, { maxAlerts: 6, sliceRecords: 1_000, firstFetch: '2 hours', firstSliceMs: 600_000 });
      expect(delivered).toEqual(rows.map((r) => r.pbid));
      expect(queries.some((q) => q.endTime === start - OVERLAP_MS + 600_000)).toBe(true);
    }
  });

  it('asks an answer over the record budget again, narrower, from the same start', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => rec(i + 1, NOW - HOUR + i * 1_000));
    const { client, queries } = fakeAppliance(rows);
    const r = await firstCycle(client, 10, '2 hours', { sliceRecords: 20, firstSliceMs: 2 * HOUR });
    expect(r.incidents).toHaveLength(10);
    // 300 in the first answer, over 2 x 20: dropped, not counted, asked again from the same start.
    expect(queries[1]!.startTime).toBe(queries[0]!.startTime);
    expect(queries[1]!.endTime! - queries[1]!.startTime!).toBeLessThanOrEqual((queries[0]!.endTime! - queries[0]!.startTime!) / 2);
    expect(r.stats.received).toBeLessThanOrEqual(sliceBudget(20));
  });

  it('takes a millisecond with thousands of ties at the narrowest slice instead of looping', async () => {
    const at = NOW - HOUR;
    const rows = [...Array.from({ length: 3_000 }, (_, i) => rec(i + 1, at)), rec(3_001, at + 5)];
    const { client, queries } = fakeAppliance(rows);
    const delivered = await drain(client, { maxAlerts: 1_000, sliceRecords: 100, firstFetch: '2 hours' });
    expect(delivered).toEqual(rows.map((r) => r.pbid));
    expect(queries.filter((q) => q.endTime! - q.startTime! === 1).length).toBeGreaterThan(0);
    // Each of the three cycles narrows down onto the millisecond again: bounded, not a loop.
    expect(queries.length).toBeLessThan(400);
  });

  it('halves on the byte cap, and fails clearly at the narrowest slice with nothing ready, checkpoint untouched', async () => {
    const at = NOW - HOUR;
    const rows = Array.from({ length: 50 }, (_, i) => rec(i + 1, at));
    const { client, queries } = fakeAppliance(rows, { tooLargeOver: 20 });
    const run = fetchStream({
      source: modelBreaches,
      client,
      params: { min_score: 0, max_alerts: 10, first_fetch: '2 hours' },
      lastRun: undefined,
      clock: fixedClock(NOW),
      log,
    });
    await expect(run).rejects.toBeInstanceOf(FetchSliceTooLargeError);
    await expect(run).rejects.toThrow(
      /created from 2026-03-01T10:59:59.999Z to 2026-03-01T11:00:00.000Z \(the narrowest slice the fetch can ask for\) .* Raise max_response_mb; nothing was delivered and the checkpoint did not move/,
    );
    const widths = queries.map((q) => q.endTime! - q.startTime!);
    expect(widths.at(-1)).toBe(1);
    expect(widths.length).toBeLessThan(60);
  });

  it('delivers what is ready before a slice too large to read, and the next cycle fails there', async () => {
    const at = NOW - HOUR;
    const rows = [rec(1, at - 600_000), rec(2, at - 300_000), ...Array.from({ length: 50 }, (_, i) => rec(i + 3, at))];
    const warnings: string[] = [];
    const { client } = fakeAppliance(rows, { tooLargeOver: 20 });
    const opts = {
      client,
      params: { min_score: 0, max_alerts: 10, first_fetch: '2 hours' },
      clock: fixedClock(NOW),
      log: { warn: (...args: unknown[]) => void warnings.push(String(args[1])) },
    };
    const r = await fetchStream({ source: modelBreaches, ...opts, lastRun: undefined });
    expect(r.incidents.map((i) => i.dbotMirrorId)).toEqual(['1', '2']);
    expect(warnings).toEqual(['model breach slice too large to read even at its narrowest; delivering the model breaches before it']);
    await expect(fetchStream({ source: modelBreaches, ...opts, lastRun: r.nextRun })).rejects.toBeInstanceOf(FetchSliceTooLargeError);
  });

  it('sizes slices by the records created inside them, not by ones the appliance repeats in every answer', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => rec(i + 1, NOW - HOUR + i * 60_000));
    const undated = Array.from({ length: 2_000 }, (_, i) => ({ pbid: 90_000 + i, creationTime: null, score: 0.9 }));
    const inner = fakeAppliance(rows);
    const queries: Query[] = [];
    const client: BreachSource = {
      modelBreachesReceived: async (q) => {
        queries.push(q);
        return [...((await inner.client.modelBreachesReceived(q)) as unknown[]), ...undated];
      },
    };
    const r = await firstCycle(client, 10, '2 hours', { sliceRecords: 100 });
    expect(r.incidents.map((i) => Number(i.dbotMirrorId))).toEqual(rows.slice(0, 10).map((x) => x.pbid));
    expect(r.quarantined).toHaveLength(2_000); // once each, however many answers repeated them
    expect(queries.length).toBeLessThan(10);
  });

  it('ends the cycle after MAX_SLICES requests to an appliance too dense to walk, naming how far it got', async () => {
    // Every slice, however narrow, holds 30 breaches under min_score (the appliance ignores minscore):
    // the slices shrink to the narrowest and nothing is ever ready.
    let calls = 0;
    const client: BreachSource = {
      modelBreachesReceived: async (q) => {
        calls++;
        return Array.from({ length: 30 }, (_, i) => ({ pbid: calls * 100 + i, creationTime: q.startTime, score: 0.1 }));
      },
    };
    const run = fetchStream({
      source: modelBreaches,
      client,
      params: { min_score: 50, max_alerts: 10, first_fetch: '2 hours' },
      lastRun: undefined,
      clock: fixedClock(NOW),
      log,
      sliceRecords: 5,
    });
    await expect(run).rejects.toThrow(
      /^the fetch asked Darktrace for 1000 time slices of model breaches and reached only 2026-03-01T09:50:0\d\.\d{3}Z without one to deliver/,
    );
    expect(calls).toBe(MAX_SLICES);
  });
});

describe('asking for the next slice while reading one (answers received before they are parsed)', () => {
  it('asks for slice n + 1 before reading slice n once the density is known, and delivers what the one-by-one walk delivers', async () => {
    const rows = backlog();
    const pipelined = fakeAppliance(rows, { received: true });
    const oneByOne = fakeAppliance(rows);
    const a = await firstCycle(pipelined.client, 300, '11 days', { sliceRecords: 60, firstSliceMs: 900_000 });
    const b = await firstCycle(oneByOne.client, 300, '11 days', { sliceRecords: 60, firstSliceMs: 900_000 });
    expect(a.incidents).toEqual(b.incidents);
    expect(a.nextRun).toEqual(b.nextRun);
    // The first answer sets the density; from then on the next slice is asked before this one is read.
    const asksBeforeRead = pipelined.log.filter((e, i) => e.startsWith('ask') && pipelined.log[i + 1]?.startsWith('read')).length;
    expect(pipelined.log.slice(0, 3)).toEqual(['ask 1', 'read 1', 'ask 2']);
    expect(asksBeforeRead).toBeGreaterThan(3);
    expectTiled(pipelined.reads);
    expect(pipelined.reads[0]!.startTime).toBe(NOW - 11 * 24 * HOUR - OVERLAP_MS);
  });

  it('does not take an answer after empty ones for empty: nothing is asked ahead of it until an answer with records was read', async () => {
    // first_fetch reaches ten hours before the data: the first slices are empty and double.
    const rows = Array.from({ length: 600 }, (_, i) => rec(i + 1, NOW - 2 * HOUR + i * 10_000));
    const { client, log: events, answers } = fakeAppliance(rows, { received: true });
    const r = await firstCycle(client, 500, '12 hours', { sliceRecords: 100, firstSliceMs: HOUR });
    expect(r.incidents.map((i) => Number(i.dbotMirrorId))).toEqual(rows.slice(0, 500).map((x) => x.pbid));
    const firstWithRecords = answers.findIndex((n) => n > 0) + 1;
    expect(firstWithRecords).toBeGreaterThan(2);
    expect(events[events.indexOf(`read ${firstWithRecords}`) - 1]).toBe(`ask ${firstWithRecords}`);
  });

  it("asks ahead from a later cycle's first answer on, by the density its checkpoint remembers", async () => {
    const rows = backlog();
    const { client, log: events } = fakeAppliance(rows, { received: true });
    const params = { min_score: 0, max_alerts: 300, first_fetch: '11 days' };
    const first = await fetchStream({ source: modelBreaches, client, params, lastRun: undefined, clock: fixedClock(NOW), log, sliceRecords: 60 });
    expect(first.nextRun.recent.length).toBeGreaterThan(0);
    const asked = events.filter((e) => e.startsWith('ask')).length;
    events.length = 0;
    await fetchStream({ source: modelBreaches, client, params, lastRun: first.nextRun, clock: fixedClock(NOW), log, sliceRecords: 60 });
    expect(events.slice(0, 3)).toEqual([`ask ${asked + 1}`, `ask ${asked + 2}`, `read ${asked + 1}`]);
  });

  it('leaves a slice asked for ahead unread when the one before it goes over the record budget, and asks that start again narrower', async () => {
    // Bulky records, then small dense ones: by its length the dense answer looks thin, so the next
    // slice is asked for ahead; read, it is over the budget.
    const thin = Array.from({ length: 10 }, (_, i) => bulky(i + 1, NOW - 10 * HOUR + i * 600_000));
    const dense = Array.from({ length: 400 }, (_, i) => rec(i + 11, NOW - 8 * HOUR + i * 1_000));
    const { client, queries, reads, signals } = fakeAppliance([...thin, ...dense], { received: true });
    const r = await firstCycle(client, 100, '11 hours', { sliceRecords: 20, firstSliceMs: 3 * HOUR });
    expect(r.incidents.map((i) => Number(i.dbotMirrorId))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const droppedAt = reads.findIndex((q, i) => reads[i + 1]?.startTime === q.startTime);
    expect(droppedAt).toBeGreaterThanOrEqual(0);
    // The slice asked for ahead of the dropped one was never read.
    const aheadOfDropped = queries.findIndex((q) => q.startTime === reads[droppedAt]!.endTime && !reads.includes(q));
    expect(aheadOfDropped).toBeGreaterThanOrEqual(0);
    // Cancelled, not left to run: exactly the requests whose answers were not read.
    expect(queries.map((_, i) => signals[i]?.aborted === true)).toEqual(queries.map((q) => !reads.includes(q)));
    expectTiled(reads);
  });

  it('estimates from the records created inside the slices, so records repeated in every answer never narrow the slices asked for ahead', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => rec(i + 1, NOW - 10 * HOUR + i * 120_000));
    const undated = Array.from({ length: 2_000 }, (_, i) => ({ pbid: 90_000 + i, creationTime: null, score: 0.9 }));
    const inner = fakeAppliance(rows, { received: true });
    const asked: Query[] = [];
    const client: BreachSource = {
      modelBreachesReceived: async (q) => {
        asked.push(q);
        const answer = (await inner.client.modelBreachesReceived(q)) as { length: number; records: () => unknown[] };
        const records = [...answer.records(), ...undated];
        return { length: JSON.stringify(records).length, records: () => records };
      },
    };
    const r = await firstCycle(client, 5_000, '11 hours', { sliceRecords: 100, firstSliceMs: HOUR });
    expect(r.incidents.map((i) => Number(i.dbotMirrorId))).toEqual(rows.map((x) => x.pbid));
    expect(asked.length).toBeLessThan(15);
    expectTiled(asked);
  });

  it('fails the cycle with the error of a slice asked for ahead, delivering nothing', async () => {
    const rows = backlog();
    const { client, log: events } = fakeAppliance(rows, { received: true, failOnCall: 3 });
    const run = firstCycle(client, 1_000, '10 days', { sliceRecords: 60, firstSliceMs: 900_000 });
    await expect(run).rejects.toBeInstanceOf(ServerError);
    expect(events.slice(0, 4)).toEqual(['ask 1', 'read 1', 'ask 2', 'ask 3']);
  });

  it('ends a cycle whose slice asked for ahead failed but is not needed, without an unhandled rejection', async () => {
    // Five bulky breaches, then 300 small ones: by its length the second answer looks like holding
    // a few, so the third slice is asked for ahead; read, the second fills max_alerts.
    const rows = [
      ...Array.from({ length: 5 }, (_, i) => bulky(i + 1, NOW - 6 * HOUR + i * 60_000)),
      ...Array.from({ length: 300 }, (_, i) => rec(i + 6, NOW - 3 * HOUR + i * 1_000)),
    ];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const probe = fakeAppliance(rows, { received: true });
      await firstCycle(probe.client, 20, '6 hours', { sliceRecords: 500, firstSliceMs: HOUR });
      const last = probe.log.filter((e) => e.startsWith('ask')).length;
      expect(probe.log).not.toContain(`read ${last}`); // the last slice asked for was never read
      expect(probe.signals[last - 1]?.aborted).toBe(true); // and it was cancelled when the cycle ended
      const { client } = fakeAppliance(rows, { received: true, failOnCall: last });
      const r = await firstCycle(client, 20, '6 hours', { sliceRecords: 500, firstSliceMs: HOUR });
      expect(r.incidents).toHaveLength(20);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
