// Issue #14 end to end: the sliced fetch against the simulator over real sockets, proved from the
// simulator's request log. 6,000 generated breaches over 30 days (a fifth in ties): every cycle's
// queries tile its window from the checkpoint minus the overlap, sharing only their boundary
// millisecond, no answer holds the whole backlog, the walk stops once max_alerts are ready, and
// draining the backlog delivers every qualifying breach exactly once. One run through the CLI
// shows a first fetch of 30 days uses the same slices.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, systemClock } from '../../src/clock.js';
import { createClient } from '../../src/cli/instance.js';
import { sliceBudget, sliceTarget } from '../../src/incidents/slices.js';
import { createLogger } from '../../src/log.js';
import { SIMULATOR_TOKENS, startSimulator, type RecordedRequest, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { DAY_MS, expectedPbids, MIN_SCORE, pbidsOfLines, scenarioDataset } from '../helpers/fetch-scenario.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { fetchStream } from '../../src/incidents/fetch-incidents.js';
import { modelBreaches, type ModelBreachSection } from '../../src/incidents/sources/model-breaches.js';

const OVERLAP_MS = modelBreaches.overlapMs;

interface Slice {
  start: number;
  end: number;
}

function slicesOf(requests: readonly RecordedRequest[]): Slice[] {
  return requests
    .filter((r) => r.path === '/modelbreaches')
    .map((r) => {
      const q = new URLSearchParams(r.rawQuery);
      expect(q.get('creationtime')).toBe('true');
      return { start: Number(q.get('starttime')), end: Number(q.get('endtime')) };
    });
}

/** Consecutive, each starting at the previous one's end (the one shared millisecond), none empty. */
function expectTiled(slices: readonly Slice[], from: number): void {
  expect(slices[0]!.start).toBe(from);
  for (let i = 1; i < slices.length; i++) expect([slices[i]!.start, slices[i]!.end > slices[i]!.start]).toEqual([slices[i - 1]!.end, true]);
}

describe('sliced fetch over 6,000 breaches in 30 days, in-process', () => {
  const clock = fixedClock('2026-03-01T12:00:00Z');
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ clock, dataset: scenarioDataset({ count: 6_000, nowMs: clock.now(), seed: 14 }), shuffleSeed: 3 });
  });
  afterAll(() => sim.close());

  it('tiles each cycle from the checkpoint minus the overlap and delivers every qualifying breach exactly once', async () => {
    const params = {
      url: sim.url,
      public_api_token: SIMULATOR_TOKENS.publicToken,
      private_api_token: SIMULATOR_TOKENS.privateToken,
      min_score: MIN_SCORE,
      max_alerts: 700,
      first_fetch: '31 days',
      insecure: false,
      proxy: false,
      isFetch: true,
      timeout: 30,
    };
    const log = createLogger({ level: 'silent' });
    const client = createClient(params, { clock, log, retry: { retries: 0, minTimeoutMs: 0, maxTimeoutMs: 0 } });
    const delivered: number[] = [];
    let lastRun: ModelBreachSection | undefined;
    let reachedNow = 0;
    try {
      for (let cycle = 0; cycle < 50; cycle++) {
        sim.requests.length = 0;
        const r = await fetchStream({ source: modelBreaches, client, params, lastRun, clock, log });
        const slices = slicesOf(sim.requests);
        expectTiled(slices, Math.max(0, (lastRun?.creationTimeMs ?? clock.now() - 31 * DAY_MS) - OVERLAP_MS));
        // Stopped once max_alerts were ready, or walked all the way to now.
        if (slices.at(-1)!.end === clock.now()) reachedNow++;
        else expect(r.incidents).toHaveLength(700);
        // What one cycle held: max_alerts and the last slice's answer, never the backlog.
        expect(r.stats.received).toBeLessThan(700 + sliceBudget(sliceTarget(700)) + 300);
        delivered.push(...r.incidents.map((i) => Number(i.dbotMirrorId)));
        lastRun = r.nextRun;
        if (r.incidents.length === 0 && r.stats.deferred === 0) break;
      }
    } finally {
      await client.close();
    }
    const want = expectedPbids(sim.state.breaches);
    expect(want.length).toBeGreaterThan(2_500);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(delivered).toEqual(want);
    expect(reachedNow).toBeGreaterThanOrEqual(1);
  }, 60_000);
});

describe('the fetch subcommand slices a first fetch of 30 days', () => {
  let sim: RunningSimulator;
  const now = systemClock.now();
  beforeAll(async () => {
    sim = await startSimulator({ tokens: [CANARY_TOKENS], dataset: scenarioDataset({ count: 3_000, nowMs: now, seed: 21 }) });
  });
  afterAll(() => sim.close());

  it('walks from first_fetch in slices and stops at max_alerts', async () => {
    const state = join(tempDir(), 'state.json');
    const env = { ...instanceEnv(sim.url, { isFetch: true, min_score: MIN_SCORE, max_alerts: 100, first_fetch: '30 days' }), DARKTRACE_SOAR_RETRIES: '0' };
    const run = await runCli(['fetch', '--state', state], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(pbidsOfLines(run.stdout)).toEqual(expectedPbids(sim.state.breaches).slice(0, 100));
    const slices = slicesOf(sim.requests);
    expect(slices.length).toBeGreaterThan(1);
    expectTiled(slices, slices[0]!.start);
    expect(Math.abs(slices[0]!.start - (now - 30 * DAY_MS - OVERLAP_MS))).toBeLessThan(60_000);
    // 100 incidents from 3,000 breaches: the walk ended days before now.
    expect(slices.at(-1)!.end).toBeLessThan(now - 20 * DAY_MS);
  }, 30_000);
});

describe('the byte cap (max_response_mb 1) through the CLI', () => {
  let sim: RunningSimulator;
  const now = systemClock.now();
  const tieAt = now - 2 * DAY_MS;
  beforeAll(async () => {
    const dataset = scenarioDataset({ count: 3_000, nowMs: now, days: 1, seed: 8 });
    // 2,500 breaches created in one millisecond two days ago: about 2.5 MB in any slice that holds it.
    const template = dataset.breaches[0]!;
    for (let i = 0; i < 2_500; i++) dataset.breaches.push({ ...structuredClone(template), pbid: 5_000_000 + i, creationTime: tieAt, time: tieAt, score: 0.9 });
    sim = await startSimulator({ tokens: [CANARY_TOKENS], dataset });
  });
  afterAll(() => sim.close());

  const env = (firstFetch: string, maxAlerts: number) => ({
    ...instanceEnv(sim.url, { isFetch: true, min_score: 0, max_alerts: maxAlerts, first_fetch: firstFetch, max_response_mb: 1 }),
    DARKTRACE_SOAR_RETRIES: '0',
  });

  it('halves a slice the cap refuses and delivers the backlog behind it', async () => {
    const state = join(tempDir(), 'state.json');
    sim.requests.length = 0;
    // max_alerts 5,000: slices aim at 1,875 breaches (3/4 of the 2,500 target), about 2 MB, which the cap refuses.
    const run = await runCli(['fetch', '--state', state], { env: env('1 day', 5_000) });
    expect(run.code, run.stderr).toBe(0);
    expect(pbidsOfLines(run.stdout)).toEqual(
      expectedPbids(
        sim.state.breaches.filter((b) => b.creationTime > tieAt),
        0,
      ),
    );
    const slices = slicesOf(sim.requests);
    // A refused slice is asked again from the same start, half as wide; the slices kept tile the window.
    const refused = slices.flatMap((s, i) => (slices[i + 1]?.start === s.start ? [i] : []));
    expect(refused.length).toBeGreaterThan(0);
    for (const i of refused) expect(slices[i + 1]!.end - slices[i + 1]!.start).toBe(Math.floor((slices[i]!.end - slices[i]!.start) / 2));
    expectTiled(
      slices.filter((_, i) => !refused.includes(i)),
      slices[0]!.start,
    );
  }, 30_000);

  it('fails with DT_FETCH_SLICE_TOO_LARGE at a millisecond over the cap, exit 1, checkpoint as it was', async () => {
    const state = join(tempDir(), 'state.json');
    const run = await runCli(['fetch', '--state', state], { env: env('3 days', 1_000) });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /the model breaches created from \S+ to \S+ \(the narrowest slice the fetch can ask for\) are more than max_response_mb lets the client read\. Raise max_response_mb; nothing was delivered and the checkpoint did not move\. \[DT_FETCH_SLICE_TOO_LARGE\]/,
    );
    // The first run pinned its checkpoint at first_fetch before asking; it did not move.
    expect(existsSync(state)).toBe(true);
    expect((JSON.parse(readFileSync(state, 'utf8')) as { streams: Record<string, ModelBreachSection> }).streams['model-breaches']?.recent).toEqual([]);
  }, 30_000);
});
