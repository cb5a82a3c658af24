// createIntegration().execute(..., { signal }): the signal goes api -> dispatcher -> handler ->
// client, and aborting it closes the request's connection (the simulator sees it) and rejects with
// CancelledError, also between retries.
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIntegration } from '../../src/api/integration.js';
import { CancelledError } from '../../src/errors.js';
import { startSimulator, SIMULATOR_TOKENS, type RunningSimulator } from '../../src/simulator/server.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

const params = () => ({ url: sim.url, public_api_token: SIMULATOR_TOKENS.publicToken, private_api_token: SIMULATOR_TOKENS.privateToken });

it('aborting the signal aborts the request in flight', async () => {
  const integration = createIntegration({ params: params() });
  try {
    sim.faults.push({ kind: 'delay', ms: 60_000 });
    const controller = new AbortController();
    const arrived = once(sim.events, 'request');
    const closed = once(sim.events, 'client-closed');
    const running = integration.execute('darktrace-get-similar-devices', { did: 1 }, { signal: controller.signal });
    await arrived;
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    await expect(running).rejects.toMatchObject({ code: 'DT_CANCELLED' });
    const [record] = (await closed) as [{ path: string }];
    expect(record.path).toBe('/similardevices');
    // The same integration still answers the next command.
    const next = await integration.execute('darktrace-get-similar-devices', { did: 1 });
    expect(next.readable).toContain('ip-172-31-32-146');
  } finally {
    await integration.close();
  }
});

it('an already aborted signal sends nothing', async () => {
  const integration = createIntegration({ params: params() });
  try {
    const before = sim.requests.length;
    await expect(integration.execute('darktrace-get-similar-devices', { did: 1 }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError);
    expect(sim.requests.length).toBe(before);
  } finally {
    await integration.close();
  }
});

it('a cancel between retries stops them', async () => {
  const integration = createIntegration({ params: params(), retry: { retries: 3, minTimeoutMs: 60_000, maxTimeoutMs: 60_000 } });
  try {
    sim.faults.push({ kind: 'status', status: 503 });
    const controller = new AbortController();
    const answered = new Promise<void>((resolve) => sim.events.once('request', () => resolve()));
    const running = integration.execute('darktrace-get-similar-devices', { did: 1 }, { signal: controller.signal });
    await answered;
    const before = sim.requests.length;
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    expect(sim.requests.length).toBe(before);
  } finally {
    await integration.close();
  }
});
