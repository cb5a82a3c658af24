// Both incident streams from one instance through the compiled CLI (issue #16): repeated `fetch`
// runs with a small max_alerts and `exec fetch-incidents`, against the simulator's AI Analyst history
// (ties at one millisecond, merges and late events between runs, pinned events from long ago) and
// its model breaches. Every qualifying event and breach exactly once, each stream in its order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { DAY_MS, MIN_SCORE } from '../helpers/fetch-scenario.js';
import { runCli, tempDir, writeConfig } from '../helpers/run-cli.js';
import { AIA_TYPE, changeBetweenCycles, expectedEventIds, expectedPbids, streamsOfLines, twoStreamDataset } from '../helpers/two-streams.js';

let sim: RunningSimulator;
const startMs = systemClock.now();
beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS], dataset: twoStreamDataset({ nowMs: startMs, breaches: 200, events: 150 }) });
});
afterAll(() => sim.close());

const instance = { isFetch: true, min_score: MIN_SCORE, first_fetch: '3 days', fetch_ai_analyst: true };

describe('fetch: both streams from one instance', () => {
  it('repeated runs with max_alerts 40 deliver every qualifying event and breach exactly once', async () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const out = join(dir, 'out.jsonl');
    const env = instanceEnv(sim.url, { ...instance, max_alerts: 40 });
    const late: string[] = [];
    let runs = 0;
    for (let before = -1; ; runs++) {
      const run = await runCli(['fetch', '--state', state, '--out', out], { env });
      expect(run.code, run.stderr).toBe(0);
      const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean).length;
      // Each run's output: AI Analyst first, then model breaches, within max_alerts.
      expect(lines - Math.max(before, 0)).toBeLessThanOrEqual(40);
      if (runs < 4) late.push(changeBetweenCycles(sim.state.aianalyst, runs, systemClock.now()));
      if (lines === before && runs > 4) break;
      before = lines;
      expect(runs).toBeLessThan(40);
    }
    const got = streamsOfLines(readFileSync(out, 'utf8'));
    const wantEvents = expectedEventIds(sim.state.aianalyst, startMs - 3 * DAY_MS);
    expect(new Set(got.events).size).toBe(got.events.length);
    expect([...got.events].sort()).toEqual([...wantEvents].sort());
    expect(got.events.filter((id) => !late.includes(id))).toEqual(wantEvents.filter((id) => !late.includes(id)));
    expect(got.events.filter((id) => late.includes(id)).sort()).toEqual([...late].sort());
    expect(got.events.some((id) => id.startsWith('pinned-old'))).toBe(false);
    expect(got.pbids).toEqual(expectedPbids(sim.state.breaches));
    expect(wantEvents.length).toBeGreaterThan(100);
    // Every AI Analyst query asked without the pinned events of other times, and none wider than a day.
    const aiaQueries = sim.requests.filter((r) => r.path === '/aianalyst/incidentevents');
    expect(aiaQueries.length).toBeGreaterThan(0);
    for (const r of aiaQueries) {
      const q = new URLSearchParams(r.rawQuery);
      expect(q.get('includeallpinned')).toBe('false');
      expect(Number(q.get('endtime')) - Number(q.get('starttime'))).toBeLessThanOrEqual(DAY_MS);
    }
    const checkpoint = JSON.parse(readFileSync(state, 'utf8')) as { version: number; streams: Record<string, unknown> };
    expect(checkpoint.version).toBe(2);
    expect(Object.keys(checkpoint.streams).sort()).toEqual(['ai-analyst', 'model-breaches']);
  }, 120_000);
});

interface Answer {
  ok: boolean;
  incidents?: Array<{ dbotMirrorId: string; type?: string; name: string; severity: number; labels?: unknown[] }>;
  lastRun?: { version: number; streams: Record<string, unknown> };
  error?: { code: string; message: string };
}

async function exec(request: unknown): Promise<Answer> {
  const run = await runCli(['exec'], { input: JSON.stringify(request) });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Answer;
}

describe('exec fetch-incidents: both streams', () => {
  const params = (extra: Record<string, unknown> = {}) => ({
    url: sim.url,
    public_api_token: CANARY_TOKENS.publicToken,
    private_api_token: CANARY_TOKENS.privateToken,
    ...instance,
    ...extra,
  });

  it('shares max_alerts, AI Analyst first, and continues from the lastRun it handed out', async () => {
    const first = await exec({ command: 'fetch-incidents', params: params({ max_alerts: 5 }) });
    expect(first.ok).toBe(true);
    expect(first.incidents?.map((i) => i.type)).toEqual(Array(5).fill(AIA_TYPE));
    expect(first.incidents?.[0]?.name).toMatch(/^Darktrace AI Analyst: .+ on .+ \(score \d+\)$/);
    expect(Object.keys(first.lastRun!.streams).sort()).toEqual(['ai-analyst', 'model-breaches']);
    const second = await exec({ command: 'fetch-incidents', params: params({ max_alerts: 5 }), lastRun: first.lastRun });
    const ten = await exec({ command: 'fetch-incidents', params: params({ max_alerts: 10 }) });
    expect([...first.incidents!, ...second.incidents!].map((i) => i.dbotMirrorId)).toEqual(ten.incidents!.map((i) => i.dbotMirrorId));
  });

  it('fetch_ai_analyst alone leaves the model-breach section untouched', async () => {
    const r = await exec({ command: 'fetch-incidents', params: params({ max_alerts: 3, fetch_model_breaches: false }) });
    expect(r.incidents?.every((i) => i.type === AIA_TYPE)).toBe(true);
    expect(Object.keys(r.lastRun!.streams)).toEqual(['ai-analyst']);
  });

  it.each([
    {
      name: 'both streams off',
      extra: { fetch_ai_analyst: false, fetch_model_breaches: false },
      want: /fetch_model_breaches: false, and fetch_ai_analyst is false too/,
    },
    {
      name: 'an unknown category',
      extra: { ai_analyst_categories: 'critical,urgent' },
      want: /ai_analyst_categories: expected a comma-separated list of critical, suspicious, compliance/,
    },
    { name: 'a lookback that is a date', extra: { ai_analyst_lookback: '2026-01-01' }, want: /ai_analyst_lookback: expected "N minutes\|hours\|days"/ },
  ])('refuses $name as a configuration error naming the parameter', async ({ extra, want }) => {
    const r = await exec({ command: 'fetch-incidents', params: params(extra) });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('DT_CONFIG_INVALID');
    expect(r.error?.message).toMatch(want);
  });
});

describe('poll --all: both streams per instance', () => {
  it('each instance delivers its streams exactly once into its own out file', async () => {
    const tokens = { url: sim.url, public_api_token: CANARY_TOKENS.publicToken, private_api_token: CANARY_TOKENS.privateToken };
    const config = writeConfig({
      ...instance,
      max_alerts: 30,
      instances: { both: tokens, 'ai-analyst-only': { ...tokens, fetch_model_breaches: false } },
    });
    const stateDir = tempDir();
    const outDir = join(tempDir(), 'out');
    const run = await runCli(['poll', '--all', '--config', config, '--state-dir', stateDir, '--out-dir', outDir, '--interval', '10ms', '--cycles', '25'], {
      env: { DARKTRACE_SOAR_MIN_INTERVAL: '0s' },
    });
    expect(run.code, run.stderr).toBe(0);
    const wantEvents = expectedEventIds(sim.state.aianalyst, startMs - 3 * DAY_MS);
    const both = streamsOfLines(readFileSync(join(outDir, 'both.jsonl'), 'utf8'));
    const only = streamsOfLines(readFileSync(join(outDir, 'ai-analyst-only.jsonl'), 'utf8'));
    for (const got of [both, only]) {
      expect(new Set(got.events).size).toBe(got.events.length);
      expect([...got.events].sort()).toEqual([...wantEvents].sort());
    }
    expect(both.pbids).toEqual(expectedPbids(sim.state.breaches));
    expect(only.pbids).toEqual([]);
  }, 120_000);
});
