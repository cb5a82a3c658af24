// Issue #5 acceptance for fetching: 5,000 generated breaches over 30 days driven through repeated
// cycles in-process (simulator -> client -> fetchIncidents) and through the compiled CLI, appliance
// outages that must not move the checkpoint, malformed records, and the refusals. No sleeps: the
// clock is injected in-process, faults come from the simulator's queue.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, systemClock } from '../../src/clock.js';
import { createClient } from '../../src/cli/instance.js';
import { createLogger } from '../../src/log.js';
import type { Breach } from '../../src/simulator/dataset.js';
import { startSimulator, SIMULATOR_TOKENS, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { DAY_MS, expectedPbids, lateArrival, MIN_SCORE, pbidsOfLines, scenarioDataset } from '../helpers/fetch-scenario.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { fetchStream } from '../../src/incidents/fetch-incidents.js';
import { modelBreaches, type ModelBreachSection } from '../../src/incidents/sources/model-breaches.js';

describe('5,000 breaches over 30 days, max_alerts 50, in-process', () => {
  const clock = fixedClock('2026-03-01T12:00:00Z');
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ clock, dataset: scenarioDataset({ count: 5_000, nowMs: clock.now() }), shuffleSeed: 7 });
  });
  afterAll(() => sim.close());

  it('delivers every qualifying breach exactly once, in (creationTime, pbid) order, none below min_score', async () => {
    const params = { ...paramsFor(sim.url, SIMULATOR_TOKENS), max_alerts: 50, min_score: MIN_SCORE, first_fetch: '31 days' };
    const log = createLogger({ level: 'silent' });
    const client = createClient(params, { clock, log, retry: { retries: 0, minTimeoutMs: 0, maxTimeoutMs: 0 } });
    const template = sim.state.breaches[0]!;
    const initialTies = countTies(sim.state.breaches);
    const delivered: number[] = [];
    let lastRun: ModelBreachSection | undefined;
    let cycles = 0;
    let nextPbid = 900_000;
    try {
      for (;;) {
        cycles++;
        // Every 10th cycle, two breaches appear whose activity began 20 days before the checkpoint.
        if (cycles % 10 === 0 && cycles <= 120)
          sim.state.breaches.push(lateArrival(template, nextPbid++, clock.now()), lateArrival(template, nextPbid++, clock.now()));
        const r = await fetchStream({ source: modelBreaches, client, params, lastRun, clock, log });
        expect(r.incidents.length).toBeLessThanOrEqual(50);
        expect(r.stats.quarantined).toBe(0);
        delivered.push(...r.incidents.map((i) => Number(i.dbotMirrorId)));
        lastRun = r.nextRun;
        clock.advance(60_000);
        if (r.incidents.length === 0 && cycles > 120) break;
      }
    } finally {
      await client.close();
    }
    const want = expectedPbids(sim.state.breaches);
    expect(initialTies).toBeGreaterThanOrEqual(1_000); // a fifth share a creation millisecond
    expect(want.length).toBeGreaterThan(2_000);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(delivered).toEqual(want);
    expect(delivered.filter((p) => p >= 900_000)).toEqual(Array.from({ length: 12 }, (_, i) => 900_000 + 2 * i));
    const byPbid = new Map(sim.state.breaches.map((b) => [b.pbid, b]));
    expect(delivered.every((p) => byPbid.get(p)!.score >= MIN_SCORE / 100)).toBe(true);
    expect(sim.requests.every((q) => q.query.some(([k, v]) => k === 'creationtime' && v === 'true'))).toBe(true);
    expect(sim.requests.every((q) => q.query.some(([k, v]) => k === 'minscore' && v === '0.6'))).toBe(true);
  }, 60_000);
});

describe('the fetch subcommand', () => {
  let sim: RunningSimulator;
  const now = systemClock.now();
  beforeAll(async () => {
    sim = await startSimulator({ tokens: [CANARY_TOKENS], dataset: scenarioDataset({ count: 250, nowMs: now, days: 3, seed: 11 }) });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.faults.clear());

  const env = (extra: Record<string, string | number | boolean> = {}) => ({
    ...instanceEnv(sim.url, { isFetch: true, min_score: MIN_SCORE, max_alerts: 50, first_fetch: '4 days', ...extra }),
    DARKTRACE_SOAR_RETRIES: '0',
  });

  it('delivers everything over several real cycles, with outages, a degraded and a quarantined record and late arrivals', async () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    let stdout = '';
    const logLines: Array<Record<string, unknown>> = [];
    const template = sim.state.breaches[0]!;
    // No model: still a breach with a pbid and a creation time, delivered with what can be read.
    const noModel = { ...structuredClone(template), pbid: 777_777, score: 0.9, creationTime: systemClock.now() - 3 * DAY_MS + 5 } as Partial<Breach>;
    delete noModel.model;
    sim.state.breaches.push(noModel as Breach);
    // A pbid that is a fraction would make the checkpoint invalid: quarantined, with its reason.
    sim.state.breaches.push({ ...structuredClone(template), pbid: 777_778.5, score: 0.9, creationTime: systemClock.now() - 3 * DAY_MS + 6 } as Breach);
    let cycle = 0;
    for (;;) {
      cycle++;
      if (cycle === 3) sim.state.breaches.push(lateArrival(template, 800_000, systemClock.now()), lateArrival(template, 800_002, systemClock.now()));
      if (cycle === 2) {
        // Outage for three cycles: 503, a reset connection, a timeout (1 s request timeout, 1.5 s delay).
        const before = readFileSync(state, 'utf8');
        const faults = [{ kind: 'status', status: 503 }, { kind: 'reset' }, { kind: 'delay', ms: 1_500 }] as const;
        for (const fault of faults) {
          sim.faults.push(fault);
          const failed = await runCli(['fetch', '--state', state], { env: env({ timeout: 1 }) });
          expect(failed.code).toBe(1);
          expect(failed.stdout).toBe('');
          expect(failed.stderr).toMatch(/\[DT_(SERVER|NETWORK|TIMEOUT)\]/);
          expect(readFileSync(state, 'utf8')).toBe(before);
        }
      }
      const run = await runCli(['fetch', '--state', state], { env: env() });
      expect(run.stderr.match(/"msg":"fetch cycle done"/g)?.length, run.stderr).toBe(1);
      expect(run.code).toBe(0);
      stdout += run.stdout;
      logLines.push(
        ...run.stderr
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      );
      if (run.stdout === '' && cycle > 3) break;
    }
    const wantPbids = expectedPbids(sim.state.breaches.filter((b) => b.pbid !== 777_778.5));
    const got = pbidsOfLines(stdout);
    expect(got).toEqual(wantPbids);
    expect(got).toEqual(expect.arrayContaining([800_000, 777_777]));
    expect(got).not.toContain(800_002 + 1);
    const warned = logLines.filter((l) => l.msg === 'model breach quarantined');
    expect(warned.map(({ pbid, field, reason }) => ({ pbid, field, reason }))).toEqual([
      { pbid: '777778.5', field: 'pbid', reason: 'pbid is 777778.5, expected an integer' },
    ]);
    const quarantined = readFileSync(`${state}.quarantine.jsonl`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { field: string; record: { pbid: number } });
    expect(quarantined.map((q) => [q.field, q.record.pbid])).toEqual([['pbid', 777_778.5]]);
    // Counted in the cycle that met it, and again (not re-written) while the overlap window still returns it.
    expect(logLines.filter((l) => l.msg === 'fetch cycle done' && l.quarantined === 1).length).toBeGreaterThanOrEqual(1);
    const incident = JSON.parse(stdout.split('\n')[0]!) as Record<string, unknown>;
    expect(Object.keys(incident)).toEqual(['name', 'occurred', 'severity', 'dbotMirrorId', 'rawJSON', 'type']);
    expect(incident['type']).toBe('Darktrace Model Breach');
  }, 60_000);

  it.each<{ name: string; args: string[]; extra: Record<string, boolean | string>; want: RegExp; code: number }>([
    {
      name: 'isFetch false',
      args: ['fetch', '--state', 'unused.json'],
      extra: { isFetch: false },
      want: /isFetch: fetching is turned off.*DARKTRACE_ISFETCH=true/s,
      code: 2,
    },
    {
      name: 'poll with isFetch false',
      args: ['poll', '--state', 'unused.json', '--cycles', '1'],
      extra: { isFetch: false },
      want: /isFetch: fetching is turned off/,
      code: 2,
    },
    { name: 'no --state', args: ['fetch'], extra: {}, want: /fetch needs --state FILE.*\[DT_USAGE\]/, code: 2 },
    {
      name: 'a bad --interval',
      args: ['poll', '--state', 's.json', '--interval', 'often'],
      extra: {},
      want: /--interval: expected a whole number and a unit \(ms, s, m, h\), e\.g\. 60s or 5m, got "often" \[DT_USAGE\]/,
      code: 2,
    },
    {
      name: 'a negative --interval',
      args: ['poll', '--state', 's.json', '--interval=-5s'],
      extra: {},
      want: /--interval: expected a whole number and a unit.*got "-5s" \[DT_USAGE\]/,
      code: 2,
    },
    {
      name: 'an --interval under the 10 s floor',
      args: ['poll', '--state', 's.json', '--interval', '0s'],
      extra: {},
      want: /--interval: 0s is below the floor of 10 s.*\[DT_USAGE\]/,
      code: 2,
    },
    {
      name: 'a first_fetch in the future',
      args: ['fetch', '--state', 's.json'],
      extra: { first_fetch: '2099-01-01' },
      want: /first_fetch.*"2099-01-01" is 2099-01-01T00:00:00\.000Z, later than now.*\[DT_CONFIG_INVALID\]/s,
      code: 2,
    },
  ])('refuses: $name', async ({ args, extra, want, code }) => {
    const run = await runCli(args, { env: env(extra), cwd: tempDir() });
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(want);
    expect(sim.faults.pending).toBe(0);
  });

  it('a version-1 state file continues exactly where it was: nothing delivered again, nothing skipped', async () => {
    const dir = tempDir();
    const [state, out, fresh, freshOut] = ['state.json', 'out.jsonl', 'fresh.json', 'fresh.jsonl'].map((f) => join(dir, f)) as [string, string, string, string];
    const first = await runCli(['fetch', '--state', state, '--out', out], { env: env({ max_alerts: 3 }) });
    expect(first.code).toBe(0);
    // Rewrite the checkpoint as an older darktrace-soar stored it: the model-breach fields at the top level.
    const v2 = JSON.parse(readFileSync(state, 'utf8')) as { version: number; streams: Record<string, ModelBreachSection>; outBytes: number };
    expect(v2.version).toBe(2);
    writeFileSync(state, JSON.stringify({ version: 1, ...v2.streams['model-breaches'], outBytes: v2.outBytes }));
    // A line a crashed older cycle appended past its checkpoint: cut, as before.
    writeFileSync(out, `${readFileSync(out, 'utf8')}{"uncommitted":true}\n`);
    const second = await runCli(['fetch', '--state', state, '--out', out], { env: env({ max_alerts: 3 }) });
    expect(second.code).toBe(0);
    const six = await runCli(['fetch', '--state', fresh, '--out', freshOut], { env: env({ max_alerts: 6 }) });
    expect(six.code).toBe(0);
    expect(pbidsOfLines(readFileSync(out, 'utf8'))).toHaveLength(6);
    expect(pbidsOfLines(readFileSync(out, 'utf8'))).toEqual(pbidsOfLines(readFileSync(freshOut, 'utf8')));
    // Stored back as version 2, at the same place as the fresh run's.
    const after = JSON.parse(readFileSync(state, 'utf8')) as { version: number; streams: Record<string, ModelBreachSection> };
    expect(after.version).toBe(2);
    expect(after.streams).toEqual((JSON.parse(readFileSync(fresh, 'utf8')) as { streams: unknown }).streams);
  });

  it('stops on a corrupt checkpoint with DT_STATE_INVALID and leaves the output file alone', async () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const out = join(dir, 'out.jsonl');
    writeFileSync(state, '{"version":1,"creationTimeMs":"yesterday","recent":[]}');
    writeFileSync(out, 'kept\n');
    const run = await runCli(['fetch', '--state', state, '--out', out], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the fetch checkpoint .*state\.json is not valid \(creationTimeMs: .*\[DT_STATE_INVALID\]/s);
    expect(readFileSync(out, 'utf8')).toBe('kept\n');
  });
});

function paramsFor(url: string, tokens: { publicToken: string; privateToken: string }) {
  return {
    url,
    public_api_token: tokens.publicToken,
    private_api_token: tokens.privateToken,
    min_score: 0,
    max_alerts: 50,
    first_fetch: '1 day',
    insecure: false,
    proxy: false,
    isFetch: true,
    timeout: 30,
  };
}

function countTies(breaches: readonly Breach[]): number {
  const perMs = new Map<number, number>();
  for (const b of breaches) perMs.set(b.creationTime, (perMs.get(b.creationTime) ?? 0) + 1);
  return [...perMs.values()].filter((n) => n > 1).reduce((a, n) => a + n, 0);
}
