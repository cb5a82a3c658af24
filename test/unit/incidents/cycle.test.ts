// --interval parsing: a floor of 10 s (issue #12, point 9), lowered only by the explicit
// DARKTRACE_SOAR_MIN_INTERVAL process variable; malformed and negative values named clearly.
import { describe, expect, it } from 'vitest';
import { MIN_INTERVAL_MS, parseInterval } from '../../../src/incidents/cycle.js';
import { UsageError } from '../../../src/errors.js';

describe('parseInterval', () => {
  it.each([
    { text: '10s', env: {}, want: 10_000 },
    { text: '5m', env: {}, want: 300_000 },
    { text: '1h', env: {}, want: 3_600_000 },
    { text: ' 60s ', env: {}, want: 60_000 },
    { text: '0s', env: { DARKTRACE_SOAR_MIN_INTERVAL: '0s' }, want: 0 },
    { text: '250ms', env: { DARKTRACE_SOAR_MIN_INTERVAL: '100ms' }, want: 250 },
  ])('$text with $env -> $want ms', ({ text, env, want }) => {
    expect(parseInterval(text, env)).toBe(want);
  });

  it.each([
    { text: '9s', env: {}, want: '--interval: 9s is below the floor of 10 s, which keeps a poller from hammering the appliance; use 10s or more' },
    { text: '0s', env: {}, want: '--interval: 0s is below the floor of 10 s, which keeps a poller from hammering the appliance; use 10s or more' },
    { text: '-5s', env: {}, want: '--interval: expected a whole number and a unit (ms, s, m, h), e.g. 60s or 5m, got "-5s"' },
    { text: '1.5s', env: {}, want: '--interval: expected a whole number and a unit (ms, s, m, h), e.g. 60s or 5m, got "1.5s"' },
    { text: '60', env: {}, want: '--interval: expected a whole number and a unit (ms, s, m, h), e.g. 60s or 5m, got "60"' },
    {
      text: '10s',
      env: { DARKTRACE_SOAR_MIN_INTERVAL: 'none' },
      want: 'DARKTRACE_SOAR_MIN_INTERVAL: expected a whole number and a unit (ms, s, m, h), e.g. 60s or 5m, got "none"',
    },
  ])('refuses $text with $env', ({ text, env, want }) => {
    expect(() => parseInterval(text, env)).toThrow(UsageError);
    expect(() => parseInterval(text, env)).toThrow(want);
  });

  it('the floor is 10 s', () => expect(MIN_INTERVAL_MS).toBe(10_000));
});
