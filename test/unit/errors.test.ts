import { describe, expect, it } from 'vitest';
import { ArgumentError, ClockSkewError, ConfigError, formatDuration, NetworkError } from '../../src/errors.js';

describe('formatDuration', () => {
  it.each([
    { ms: 0, want: '0 seconds' },
    { ms: 40_000, want: '40 seconds' },
    { ms: 61_000, want: '1 minute 1 second' },
    { ms: 45 * 60_000 + 1_000, want: '45 minutes' },
    { ms: -(2 * 3_600_000 + 5 * 60_000), want: '2 hours 5 minutes' },
  ])('$ms ms -> $want', ({ ms, want }) => expect(formatDuration(ms)).toBe(want));
});

describe('error classes', () => {
  it.each([
    { name: 'argument', error: new ArgumentError('did', 'darktrace-x', 'expected a positive integer', 'x'), code: 'DT_ARG_INVALID', exit: 2 },
    { name: 'config', error: new ConfigError([{ parameter: 'url', message: 'required' }]), code: 'DT_CONFIG_INVALID', exit: 2 },
    { name: 'network', error: new NetworkError('unreachable'), code: 'DT_NETWORK', exit: 1 },
    { name: 'skew', error: new ClockSkewError(-45 * 60_000), code: 'DT_CLOCK_SKEW', exit: 1 },
  ])('$name has code $code and exit $exit', ({ error, code, exit }) => {
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(exit);
    expect(error.name).toBe(error.constructor.name);
  });

  it('says which way the clock is off', () => {
    expect(new ClockSkewError(-45 * 60_000).message).toContain("this host's clock is 45 minutes behind the appliance");
    expect(new ClockSkewError(undefined).message).toContain('more than 30 minutes');
  });
});
