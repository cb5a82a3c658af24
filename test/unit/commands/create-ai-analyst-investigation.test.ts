// The wait of darktrace-create-ai-analyst-investigation with a stub client: it stops at the timeout
// (measured on the injected clock) with the investigation still processing, and Ctrl-C (the signal)
// stops it with DT_CANCELLED. The end-to-end cases run against the simulator (golden files).
import { describe, expect, it } from 'vitest';
import type { DarktraceClient } from '../../../src/client/darktrace-client.js';
import type { Clock } from '../../../src/clock.js';
import { createAiAnalystInvestigation } from '../../../src/commands/create-ai-analyst-investigation.js';
import { CancelledError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log.js';

const T = Date.parse('2026-03-01T12:00:00Z');

function stub(onPoll: (n: number) => void) {
  let polls = 0;
  const client = {
    createAiaInvestigation: () => Promise.resolve('inv-1'),
    aiaInvestigations: () => {
      polls++;
      onPoll(polls);
      return Promise.resolve({
        items: [{ investigationId: 'inv-1', status: 'processing', did: 7, investigationTime: T - 3_600_000 }],
        unreadable: [],
        received: [],
      });
    },
  } as unknown as DarktraceClient;
  return { client, polls: () => polls };
}

const args = { device_id: 7, investigate_time: T - 3_600_000, timeout: 5 };
const log = createLogger({ level: 'silent' });

describe('create-ai-analyst-investigation waits', () => {
  it('stops at the timeout on the injected clock and says the investigation is still running', async () => {
    let now = T;
    const clock: Clock = { now: () => now };
    const s = stub(() => (now += 2_000));
    const result = await createAiAnalystInvestigation.run({ client: s.client, args, clock, log });
    expect(s.polls()).toBe(3);
    expect((result.outputs['Darktrace.AIAnalystInvestigation'] as Record<string, unknown>)['status']).toBe('processing');
    expect(result.readable).toContain('Not finished after 5 s; follow it with !darktrace-list-ai-analyst-investigations investigation_id=inv-1');
  });

  it('stops waiting with DT_CANCELLED when the signal fires', async () => {
    const controller = new AbortController();
    const s = stub((n) => {
      if (n === 2) controller.abort();
    });
    const run = createAiAnalystInvestigation.run({
      client: s.client,
      args: { ...args, timeout: 3600 },
      clock: { now: () => T },
      log,
      signal: controller.signal,
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(s.polls()).toBe(2);
  });
});
