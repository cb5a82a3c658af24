// The war room in a real pseudo-terminal (util-linux script): Ctrl-C during a slow answer aborts
// the request (the simulator sees its connection closed) and the prompt comes back; Ctrl-C twice on
// an empty line leaves. Every step awaits what the terminal shows, never a clock.
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { startInPty } from '../helpers/pty.js';
import { tempDir } from '../helpers/run-cli.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS] });
});
afterAll(async () => {
  await sim.close();
});

it('Ctrl-C cancels a slow command, the request is aborted, the prompt returns; Ctrl-C twice leaves', async () => {
  const host = new URL(sim.url).host;
  const prompt = `darktrace@${host}> `;
  const wr = startInPty(['war-room'], { ...instanceEnv(sim.url), DARKTRACE_SOAR_HISTORY: join(tempDir(), 'history'), COLUMNS: '120' });
  await wr.waitFor(`Instance: DARKTRACE_* variables (${host})`);
  let at = await wr.waitFor(prompt);

  // The next answer comes only after a minute: long enough that only a cancel ends it.
  sim.faults.push({ kind: 'delay', ms: 60_000 });
  const arrived = once(sim.events, 'request');
  const closed = once(sim.events, 'client-closed');
  wr.type('!darktrace-get-similar-devices did=1\r');
  const [request] = (await arrived) as [{ path: string }];
  expect(request.path).toBe('/similardevices');

  wr.type('\x03');
  const [gone] = (await closed) as [{ path: string }];
  expect(gone.path).toBe('/similardevices');
  at = await wr.waitFor('^C cancelled; the request was aborted', at);
  at = await wr.waitFor(prompt, at);

  // The session goes on: the next command is answered.
  wr.type('!darktrace-get-similar-devices did=1\r');
  at = await wr.waitFor(/823 +ip-172-31-32-1/, at);
  at = await wr.waitFor(prompt, at);

  wr.type('\x03');
  await wr.waitFor('press Ctrl-C again to leave', at);
  wr.type('\x03');
  expect(await wr.exit()).toBe(0);
});
