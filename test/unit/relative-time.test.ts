import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { parseRelativeTime } from '../../src/relative-time.js';

const clock = fixedClock('2026-03-31T12:00:00Z');

describe('parseRelativeTime', () => {
  it.each([
    { text: '1 day', want: '2026-03-30T12:00:00.000Z' },
    { text: '3 days ago', want: '2026-03-28T12:00:00.000Z' },
    { text: '90 minutes', want: '2026-03-31T10:30:00.000Z' },
    { text: '2 Weeks Ago', want: '2026-03-17T12:00:00.000Z' },
    { text: '1 hour', want: '2026-03-31T11:00:00.000Z' },
    { text: '1 month', want: '2026-02-28T12:00:00.000Z' },
    { text: '2026-01-15', want: '2026-01-15T00:00:00.000Z' },
    { text: '2026-01-15T08:30:00Z', want: '2026-01-15T08:30:00.000Z' },
    { text: '2026-01-15T08:30:00+02:00', want: '2026-01-15T06:30:00.000Z' },
    { text: '2026-01-15T08:30:00.250', want: '2026-01-15T08:30:00.250Z' },
  ])('$text -> $want', ({ text, want }) => {
    expect(new Date(parseRelativeTime(text, clock) ?? Number.NaN).toISOString()).toBe(want);
  });

  it.each(['yesterday', '1 fortnight', '2026-02-30', '2026-13-01', '', 'days 3', '2026-01-15T25:00:00Z'])('rejects %j', (text) => {
    expect(parseRelativeTime(text, clock)).toBeUndefined();
  });
});
