// Issue #14: the sliced fetch that asks ahead, against a random fake appliance. Each run draws
// breaches of random sizes (so an answer's length lies about how many records it holds) and
// densities (ties at one millisecond included), records with no usable time that the appliance
// returns in every answer, late indexing within the overlap, an inclusive or exclusive endtime,
// random max_alerts (1 included) and slice targets, answers arriving after random delays, and
// requests failing at random (when asked, when read, or after a delay: including ones asked
// ahead), and breaches under min_score returned anyway. Cycles run with a clock that moves on; a
// failed cycle delivers nothing and keeps its checkpoint, and is retried. Every cycle must deliver exactly what a single query of its window
// would give first (sorted by creationTime, pbid, less what was delivered), every breach exactly
// once overall, each rawJSON parsing back to the record sent, and no promise rejection unhandled.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { parseKeepingElementTexts, type ReceivedList } from '../../../src/client/received-json.js';
import { ResponseTooLargeError, ServerError } from '../../../src/errors.js';
import { fetchStream } from '../../../src/incidents/fetch-incidents.js';
import { modelBreaches, type BreachSource, type ModelBreachSection } from '../../../src/incidents/sources/model-breaches.js';
import { mulberry32, shuffled } from '../../../src/simulator/prng.js';

const NOW0 = Date.parse('2026-03-01T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const OVERLAP_MS = modelBreaches.overlapMs;
const log = { warn: () => undefined };
const ctx = { method: 'GET', path: '/modelbreaches' };

type Rec = { pbid: number; creationTime: number | string; score: number; note?: string; odd?: string };
/** A breach and the instant the appliance first shows it (late indexing: later than its creation). */
type Row = { rec: Rec; visibleAt: number };

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function failure(): ServerError {
  return new ServerError('Darktrace failed to answer GET /modelbreaches (HTTP 503)', ctx);
}

/** Random breaches over the two days before NOW0 and the next six hours. */
function draw(rand: () => number): { rows: Row[]; timeless: Rec[]; tight: boolean } {
  const rows: Row[] = [];
  const n = 50 + Math.floor(rand() * 350);
  // Clusters: some stretches dense, some thin, some ties at one millisecond.
  const clusters = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => ({
    at: NOW0 - 48 * HOUR + Math.floor(rand() * 54 * HOUR),
    spread: [1, 1_000, MINUTE, HOUR, 12 * HOUR][Math.floor(rand() * 5)]!,
  }));
  const bulkyShare = rand();
  for (let pbid = 1; pbid <= n; pbid++) {
    const c = clusters[Math.floor(rand() * clusters.length)]!;
    // Odd milliseconds: never a cycle's instant (even), so an inclusive and an exclusive end agree at now.
    const t = c.at + Math.floor(rand() * c.spread);
    const creationTime = t - (t % 2) + 1;
    // One in ten under min_score 50, returned anyway (an appliance ignoring minscore): passed, never delivered.
    const rec: Rec = { pbid, creationTime, score: rand() < 0.1 ? 0.3 : 0.9 };
    if (rand() < bulkyShare) rec.note = 'x'.repeat(Math.floor(rand() * 8_000));
    if (rand() < 0.1) rec.odd = '\\"]},{"pbid":0\u2028/é';
    const late = rand() < 0.15 ? Math.floor(rand() * 8 * MINUTE) : 0; // inside the 10-minute overlap
    rows.push({ rec, visibleAt: creationTime + late });
  }
  const timeless: Rec[] = rand() < 0.3 ? [{ pbid: 100_001, creationTime: 'not a time', score: 0.9 }] : [];
  // Tight: a cluster packed so closely that even the narrowest slice may be over a byte cap of 20 records.
  return { rows, timeless, tight: clusters.some((c) => c.spread <= 1_000) };
}

interface Appliance {
  client: BreachSource;
  /** A new cycle at `now`; `failAt`: the cycle's request (1 = its first) that fails, if any. */
  cycle(now: number, failAt?: number): void;
}

/** Over all runs: requests asked before the answer ahead of them was read, and cycles failed. */
const stats = { askedAhead: 0, failedCycles: 0, cycles: 0 };

function appliance(rows: Row[], timeless: Rec[], rand: () => number, o: { endExclusive: boolean; tooLargeOver?: number }): Appliance {
  let now = NOW0;
  let call = 0;
  let inCycle = 0;
  let failAt: number | undefined;
  let unread = false;
  const client: BreachSource = {
    modelBreachesReceived: async (q) => {
      const n = ++call;
      const failing = ++inCycle === failAt;
      if (unread && inCycle > 1) stats.askedAhead++; // asked while the answer before it is still unread
      unread = true;
      const visible = rows.filter((r) => r.visibleAt <= now).map((r) => r.rec);
      const inWindow = visible.filter((r) => {
        const t = r.creationTime as number;
        return t >= q.startTime! && (o.endExclusive ? t < q.endTime! : t <= q.endTime!);
      });
      const answer = shuffled([...inWindow, ...timeless], n);
      const how = rand();
      const wait = rand() < 0.85 ? 0 : 1 + Math.floor(rand() * 2);
      if (failing && how < 1 / 3) throw failure();
      if (failing && how < 2 / 3) {
        await delay(1 + wait);
        throw failure(); // rejects after a delay: possibly while an earlier answer is being read
      }
      if (wait > 0) await delay(wait);
      if (o.tooLargeOver !== undefined && inWindow.length > o.tooLargeOver) throw new ResponseTooLargeError(2 ** 20, 2 ** 21, 'announced', ctx);
      // The text as sent: compact, or with layout (then rawJSON falls back to serialising).
      const text = rand() < 0.8 ? JSON.stringify(answer) : JSON.stringify(answer, null, 1);
      return {
        length: text.length,
        records: () => {
          unread = false;
          if (failing) throw failure(); // fails when read
          return parseKeepingElementTexts(text) as unknown[];
        },
      } satisfies ReceivedList;
    },
  };
  return {
    client,
    cycle: (t, at) => {
      now = t;
      inCycle = 0;
      failAt = at;
    },
  };
}

function byTime(a: Rec, b: Rec): number {
  return (a.creationTime as number) - (b.creationTime as number) || a.pbid - b.pbid;
}

async function run(seed: number): Promise<{ cycles: number; failed: number }> {
  const rand = mulberry32(seed);
  const { rows, timeless, tight } = draw(rand);
  const endExclusive = rand() < 0.5;
  const maxAlerts = [1, 2, 3, 7, 20, 50, 200, 1_000][Math.floor(rand() * 8)]!;
  const sliceRecords = [undefined, 3, 10, 40][Math.floor(rand() * 4)];
  const failRate = [0, 0.1, 0.3][Math.floor(rand() * 3)]!;
  const tooLargeOver = rand() < 0.4 && !tight ? 20 : undefined;
  const fake = appliance(rows, timeless, rand, { endExclusive, ...(tooLargeOver === undefined ? {} : { tooLargeOver }) });
  const sent = new Map(rows.map((r) => [r.rec.pbid, r.rec]));
  const delivered = new Set<number>();
  const label = `seed ${seed} (max_alerts ${maxAlerts}, sliceRecords ${sliceRecords}, ${endExclusive ? 'exclusive' : 'inclusive'} end, fail ${failRate})`;
  let lastRun: ModelBreachSection | undefined;
  let now = NOW0;
  const lastVisible = Math.max(...rows.map((r) => r.visibleAt));
  let failed = 0;
  let quiet = 0;
  for (let cycle = 0; cycle < 3_000; cycle++) {
    fake.cycle(now, rand() < failRate ? 1 + Math.floor(rand() * 4) : undefined);
    const window = lastRun === undefined ? NOW0 - 3 * 24 * HOUR : Math.max(NOW0 - 3 * 24 * HOUR, lastRun.creationTimeMs - OVERLAP_MS);
    // What a single query of the cycle's window would give first.
    const expected = rows
      .map((r) => r.rec)
      .filter((r) => r.score >= 0.5 && !delivered.has(r.pbid))
      .filter((r) => rows[r.pbid - 1]!.visibleAt <= now && (r.creationTime as number) >= window && (r.creationTime as number) <= now)
      .sort(byTime)
      .slice(0, maxAlerts)
      .map((r) => r.pbid);
    let r;
    try {
      r = await fetchStream({
        source: modelBreaches,
        client: fake.client,
        params: { min_score: 50, max_alerts: maxAlerts, first_fetch: '3 days' },
        lastRun,
        clock: fixedClock(now),
        log,
        ...(sliceRecords === undefined ? {} : { sliceRecords }),
      });
    } catch (err) {
      if (!(err instanceof ServerError)) throw new Error(`${label}: cycle ${cycle} failed with ${String(err)}`, { cause: err });
      failed++;
      stats.failedCycles++;
      if (failed > 1_000) throw new Error(`${label}: too many failed cycles`);
      continue; // nothing delivered, the checkpoint kept; the clock stays for the retry
    }
    stats.cycles++;
    const pbids = r.incidents.map((i) => Number(i.dbotMirrorId));
    expect(pbids, `${label}: cycle ${cycle}`).toEqual(expected);
    for (const i of r.incidents) {
      const pbid = Number(i.dbotMirrorId);
      if (delivered.has(pbid)) expect.fail(`${label}: ${pbid} delivered twice`);
      delivered.add(pbid);
      if (!isDeepStrictEqual(JSON.parse(i.rawJSON), sent.get(pbid))) expect.fail(`${label}: rawJSON of ${pbid} is ${i.rawJSON.slice(0, 200)}`);
    }
    // A record with no usable time, returned in every answer, is quarantined once per cycle.
    expect(r.quarantined.length, label).toBe(timeless.length > 0 && r.stats.received > 0 ? 1 : 0);
    const s = r.stats;
    expect(s.received).toBe(s.delivered + s.quarantined + s.belowScore + s.filtered + s.alreadyDelivered + s.outsideWindow + s.deferred);
    lastRun = r.nextRun as ModelBreachSection;
    // The clock moves on only while there is still something to show; then cycles drain.
    if (now <= lastVisible) now += 2 * Math.floor(rand() * 20 * MINUTE);
    else if (pbids.length === 0 && s.deferred === 0 && ++quiet >= 2) break;
  }
  const missing = rows.filter((r) => r.rec.score >= 0.5 && !delivered.has(r.rec.pbid)).map((r) => r.rec.pbid);
  expect(missing, `${label}: never delivered`).toEqual([]);
  return { cycles: delivered.size, failed };
}

describe('the sliced fetch asking ahead, against random appliances', () => {
  it.each(Array.from({ length: 8 }, (_, i) => ({ from: i * 5 + 1 })))(
    'delivers every breach exactly once, in order, each cycle what a single query gives first: seeds $from to $from+4',
    async ({ from }) => {
      for (let seed = from; seed < from + 5; seed++) await run(seed);
      await delay(10);
      expect(unhandled).toEqual([]);
    },
    30_000,
  );

  it('reached the paths it is about: slices asked ahead and failed cycles', () => {
    expect(stats.askedAhead).toBeGreaterThan(100);
    expect(stats.failedCycles).toBeGreaterThan(50);
    expect(stats.cycles).toBeGreaterThan(800);
  });
});
