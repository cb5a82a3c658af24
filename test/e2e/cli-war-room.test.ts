// The real CLI's war room, fed from standard input against the simulator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS] });
});
afterAll(async () => {
  await sim.close();
});

it('runs !commands typed on stdin, shows aligned tables, and keeps history', async () => {
  const history = join(tempDir(), 'history');
  const run = await runCli(['war-room'], {
    input: '!darktrace-get-similar-devices did=1 max_results=2\n!darktrace-get-similar-devices did=zero\nexit\n',
    env: { ...instanceEnv(sim.url), DARKTRACE_SOAR_HISTORY: history, COLUMNS: '200' },
  });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('List of similar devices to device:1:\n────');
  expect(run.stdout).toMatch(/\n823 +ip-172-31-32-146/);
  expect(run.stdout).toContain('error: argument did of darktrace-get-similar-devices: expected a positive integer, got "zero" [DT_ARG_INVALID]');
  expect(readFileSync(history, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  expect(run.stdout + run.stderr).not.toContain(CANARY_TOKENS.privateToken);
});
