// DTAPI-Date fallback (issue #12, darktrace-api.md §1.2): on API DATE ERROR while the appliance's
// Date header agrees with our clock, the other form is tried once and kept for the client's life.
// With real skew, or once a form has worked, nothing is retried.
import { describe, expect, it } from 'vitest';
import { ClockSkewError } from '../../../src/errors.js';
import { DTAPI_DATE, useGuardedMockAppliance, type MockAppliance } from './support.js';

const SPACED = '2026-03-01 12:00:00';
const DATE_ERROR = { error: 'API DATE ERROR' };

let dt: MockAppliance;
useGuardedMockAppliance((m) => (dt = m));

const sentDates = (): string[] => dt.requests.map((r) => r.headers['DTAPI-Date'] ?? '');

describe('DTAPI-Date fallback', () => {
  it('switches to YYYY-MM-DD HH:MM:SS once, and keeps it', async () => {
    dt.answer('GET', 400, DATE_ERROR);
    dt.answer('GET', 200, { version: '7.1' });
    dt.answer('POST', 200, { response: 'SUCCESS' });
    const client = dt.client({ retry: { retries: 0, minTimeoutMs: 0, maxTimeoutMs: 0 } });
    expect(client.dtapiDate).toEqual({ format: 'compact', pattern: 'YYYYMMDDTHHMMSS', confirmed: false });
    await expect(client.status()).resolves.toEqual({ version: '7.1' });
    await client.postBreachComment(1, 'x');
    expect(sentDates()).toEqual([DTAPI_DATE, SPACED, SPACED]);
    expect(client.dtapiDate).toEqual({ format: 'spaced', pattern: 'YYYY-MM-DD HH:MM:SS', confirmed: true });
    expect(dt.log.withMsg('DTAPI-Date format switched')[0]).toMatchObject({
      refused: 'YYYYMMDDTHHMMSS',
      accepted: 'YYYY-MM-DD HH:MM:SS',
    });
  });

  it('both forms refused without skew: one clear error, two requests', async () => {
    dt.answer('GET', 400, DATE_ERROR);
    dt.answer('GET', 400, DATE_ERROR);
    const err = await dt
      .client()
      .status()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClockSkewError);
    expect((err as Error).message).toContain('in both DTAPI-Date formats (YYYYMMDDTHHMMSS and YYYY-MM-DD HH:MM:SS)');
    expect(sentDates()).toEqual([DTAPI_DATE, SPACED]);
  });

  it.each([
    { name: 'the Date header shows 45 minutes of skew', advanceMs: 45 * 60_000, headers: {} as Record<string, string> },
    { name: 'no Date header to measure by', advanceMs: 0, headers: { date: '' } },
  ])('no fallback when $name', async ({ advanceMs, headers }) => {
    dt.clock.advance(advanceMs);
    dt.answer('GET', 400, DATE_ERROR, headers);
    const err = await dt
      .client()
      .status()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClockSkewError);
    expect(dt.requests).toHaveLength(1);
  });

  it('no fallback once the compact form has worked', async () => {
    dt.answer('GET', 200, {});
    dt.answer('GET', 400, DATE_ERROR);
    const client = dt.client();
    await client.status();
    await expect(client.status()).rejects.toBeInstanceOf(ClockSkewError);
    expect(sentDates()).toEqual([DTAPI_DATE, DTAPI_DATE]);
  });
});
