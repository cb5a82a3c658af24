// SIGTERM or SIGINT while a cycle waits on the appliance: the poller abandons the cycle, exits 0, and leaves
// the checkpoint and the out file exactly as they were (nothing half-delivered). The simulator's
// 'request' event tells the test that the request is in flight: no sleeps.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type RecordedRequest, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { BIN, tempDir } from '../helpers/run-cli.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS] });
});
afterAll(() => sim.close());

it.each(['SIGTERM', 'SIGINT'] as const)('abandons an in-flight cycle on %s: exit 0, checkpoint and out file untouched', async (signal) => {
  const dir = tempDir();
  const state = join(dir, 'state.json');
  const out = join(dir, 'out.jsonl');
  sim.faults.push({ kind: 'delay', ms: 60_000 });
  const inFlight = new Promise<void>((resolve) => {
    const onRequest = (rec: RecordedRequest) => {
      if (rec.path !== '/modelbreaches') return;
      sim.events.off('request', onRequest);
      resolve();
    };
    sim.events.on('request', onRequest);
  });
  const child = spawn(process.execPath, [BIN, 'poll', '--state', state, '--out', out, '--interval', '0s'], {
    env: { PATH: process.env.PATH ?? '', DARKTRACE_SOAR_MIN_INTERVAL: '0s', ...instanceEnv(sim.url, { isFetch: true, first_fetch: '2026-02-28' }) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = once(child, 'exit');
  await inFlight;
  const before = existsSync(state) ? readFileSync(state, 'utf8') : undefined;
  child.kill(signal);
  const [code] = (await exited) as [number | null];
  expect(code).toBe(0);
  expect(stderr).toContain('"msg":"poll stopping"');
  expect(existsSync(state) ? readFileSync(state, 'utf8') : undefined).toBe(before);
  expect(existsSync(out) ? readFileSync(out, 'utf8') : '').toBe('');
});
