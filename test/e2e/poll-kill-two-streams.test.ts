// Exactly-once under kill -9 for the mixed output of both incident streams (issue #16), as
// poll-kill.test.ts does for model breaches alone: a `poll` child with fetch_ai_analyst writing to
// --out is killed with SIGKILL at random moments (the random delay only picks the moment) and
// restarted, while AI Analyst events appear late inside the lookback and incidents merge; the out
// file must end with every qualifying event and breach exactly once.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { DAY_MS, MIN_SCORE } from '../helpers/fetch-scenario.js';
import { BIN, runCli, tempDir } from '../helpers/run-cli.js';
import { changeBetweenCycles, expectedEventIds, expectedPbids, streamsOfLines, twoStreamDataset } from '../helpers/two-streams.js';

let sim: RunningSimulator;
const startMs = systemClock.now();
beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS], dataset: twoStreamDataset({ nowMs: startMs, breaches: 200, events: 120, seed: 31 }) });
});
afterAll(() => sim.close());

const env = () => ({
  PATH: process.env.PATH ?? '',
  DARKTRACE_SOAR_MIN_INTERVAL: '0s', // the tests' 0s interval is under the 10 s floor meant for operators
  ...instanceEnv(sim.url, { isFetch: true, min_score: MIN_SCORE, max_alerts: 3, first_fetch: '3 days', fetch_ai_analyst: true }),
});

describe('poll of both streams under SIGKILL', () => {
  it('ends with every qualifying event and breach exactly once after 20 kills at random moments', async () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const out = join(dir, 'out.jsonl');
    const late: string[] = [];
    for (let i = 0; i < 20; i++) {
      if (i % 4 === 0) late.push(changeBetweenCycles(sim.state.aianalyst, i, systemClock.now(), 2 * 3_600_000));
      const child = spawn(process.execPath, [BIN, 'poll', '--state', state, '--out', out, '--interval', '0s'], {
        env: env(),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const exited = once(child, 'exit');
      await delay(150 + Math.floor(Math.random() * 700)); // node start-up takes ~0.3 s: most kills land mid-poll
      child.kill('SIGKILL');
      const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
      expect(code === null ? signal : code, stderr).toBe('SIGKILL');
    }
    const drain = await runCli(['poll', '--state', state, '--out', out, '--interval', '0s', '--cycles', '300'], { env: env() });
    expect(drain.code, drain.stderr).toBe(0);
    const got = streamsOfLines(readFileSync(out, 'utf8'));
    const wantEvents = expectedEventIds(sim.state.aianalyst, startMs - 3 * DAY_MS);
    expect(new Set(got.events).size).toBe(got.events.length);
    expect([...got.events].sort()).toEqual([...wantEvents].sort());
    expect(got.events.filter((id) => !late.includes(id))).toEqual(wantEvents.filter((id) => !late.includes(id)));
    expect(got.pbids).toEqual(expectedPbids(sim.state.breaches));
    expect(got.events.length + got.pbids.length).toBeGreaterThan(150);
    const checkpoint = JSON.parse(readFileSync(state, 'utf8')) as { outBytes: number; streams: Record<string, unknown> };
    expect(checkpoint.outBytes).toBe(readFileSync(out).length);
    expect(Object.keys(checkpoint.streams).sort()).toEqual(['ai-analyst', 'model-breaches']);
  }, 180_000);
});
