// Exactly-once delivery under kill -9: a `poll` child writing to --out is killed with SIGKILL at
// random moments (the random delay only picks the moment), restarted each time, while new breaches
// keep appearing; the out file must end with every qualifying breach exactly once, in order.
// And SIGTERM stops a poller cleanly: exit 0, a valid checkpoint.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { modelBreaches } from '../../src/incidents/sources/model-breaches.js';
import { readCheckpointFile as readWith } from '../../src/incidents/state-file.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { expectedPbids, lateArrival, MIN_SCORE, pbidsOfLines, scenarioDataset } from '../helpers/fetch-scenario.js';
import { BIN, runCli, tempDir } from '../helpers/run-cli.js';

const readCheckpointFile = (path: string) => readWith(path, [modelBreaches]);

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS], dataset: scenarioDataset({ count: 300, nowMs: systemClock.now(), days: 2, seed: 23 }) });
});
afterAll(() => sim.close());

const env = () => ({
  PATH: process.env.PATH ?? '',
  DARKTRACE_SOAR_MIN_INTERVAL: '0s', // the tests' 0s interval is under the 10 s floor meant for operators
  ...instanceEnv(sim.url, { isFetch: true, min_score: MIN_SCORE, max_alerts: 2, first_fetch: '3 days' }),
});

function startPoll(state: string, out: string, extra: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [BIN, 'poll', '--state', state, '--out', out, '--interval', '0s', ...extra], {
    env: env(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.resume(); // drain logs so the child never blocks on a full pipe
  return child;
}

describe('poll under SIGKILL', () => {
  it('ends with every qualifying breach exactly once after 25 kills at random moments', async () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const out = join(dir, 'out.jsonl');
    const template = sim.state.breaches[0]!;
    const kills = 25;
    for (let i = 0; i < kills; i++) {
      if (i % 3 === 0) sim.state.breaches.push(lateArrival(template, 950_000 + i, systemClock.now()));
      const child = startPoll(state, out);
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const exited = once(child, 'exit');
      await delay(150 + Math.floor(Math.random() * 700)); // node start-up takes ~0.3 s: most kills land mid-poll
      child.kill('SIGKILL');
      const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
      // A poller that exited by itself before the kill would say why on stderr.
      expect(code === null ? signal : code, stderr).toBe('SIGKILL');
    }
    // Drain what is left, then check the file line by line.
    const drain = await runCli(['poll', '--state', state, '--out', out, '--interval', '0s', '--cycles', '200'], { env: env() });
    expect(drain.code, drain.stderr).toBe(0);
    const got = pbidsOfLines(readFileSync(out, 'utf8'));
    expect(new Set(got).size).toBe(got.length);
    expect(got).toEqual(expectedPbids(sim.state.breaches));
    expect(got.length).toBeGreaterThan(100);
    expect(readCheckpointFile(state)?.outBytes).toBe(readFileSync(out).length);
  }, 90_000);
});

describe('poll on SIGTERM', () => {
  it('stops after the current cycle, exits 0 and leaves a valid checkpoint', async () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const out = join(dir, 'out.jsonl');
    const child = startPoll(state, out, ['--interval', '1h']);
    const exited = once(child, 'exit');
    let stderr = '';
    const firstCycle = new Promise<void>((resolve) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        if (stderr.includes('"msg":"fetch cycle done"')) resolve();
      });
    });
    await firstCycle; // now sleeping out the 1 h interval
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(stderr).toContain('"msg":"poll stopping"');
    const checkpoint = readCheckpointFile(state);
    expect(checkpoint?.outBytes).toBe(readFileSync(out).length);
    expect(pbidsOfLines(readFileSync(out, 'utf8'))).toHaveLength(2);
  });
});
