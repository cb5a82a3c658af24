import { describe, expect, it } from 'vitest';
import { fixedClock, toIso } from '../../../src/clock.js';
import { windowSchedule } from '../../../src/validation/window.js';

const at = (iso: string) => Date.parse(iso);
const hms = (ms: number) => toIso(ms).slice(11, 19);

describe('window schedule (seed 001 worked example: query time 5, interval 30 s, action 12:00:00)', () => {
  const actionTimeMs = at('2026-03-01T12:00:00Z');

  it('delay 0: 11 windows from 11:55:00-12:00:00 to 12:00:00-12:05:00, each run when its window closes', () => {
    const windows = windowSchedule({ actionTimeMs, queryTimeMin: 5, delayMin: 0, intervalSec: 30 });
    expect(windows).toHaveLength(11);
    expect(windows.map((w) => `${hms(w.from)}-${hms(w.to)}`)).toEqual([
      '11:55:00-12:00:00',
      '11:55:30-12:00:30',
      '11:56:00-12:01:00',
      '11:56:30-12:01:30',
      '11:57:00-12:02:00',
      '11:57:30-12:02:30',
      '11:58:00-12:03:00',
      '11:58:30-12:03:30',
      '11:59:00-12:04:00',
      '11:59:30-12:04:30',
      '12:00:00-12:05:00',
    ]);
    expect(windows.map((w) => w.runAt)).toEqual(windows.map((w) => w.to));
  });

  it('delay 10: the same windows, the first run at 12:10:00 and every run 10 minutes after its window', () => {
    const plain = windowSchedule({ actionTimeMs, queryTimeMin: 5, delayMin: 0, intervalSec: 30 });
    const delayed = windowSchedule({ actionTimeMs, queryTimeMin: 5, delayMin: 10, intervalSec: 30 });
    expect(delayed.map(({ from, to }) => ({ from, to }))).toEqual(plain.map(({ from, to }) => ({ from, to })));
    expect(hms(delayed[0]!.runAt)).toBe('12:10:00');
    expect(hms(delayed.at(-1)!.runAt)).toBe('12:15:00');
    expect(delayed.map((w) => w.runAt - w.to)).toEqual(Array(11).fill(600_000));
  });

  it('a fake clock walked through the runs sees each window due exactly at its run time', () => {
    const clock = fixedClock('2026-03-01T12:00:00Z');
    const windows = windowSchedule({ actionTimeMs, queryTimeMin: 5, delayMin: 10, intervalSec: 30 });
    const due: string[] = [];
    for (const w of windows) {
      expect(clock.now()).toBeLessThanOrEqual(w.runAt);
      clock.set(w.runAt);
      due.push(hms(clock.now()));
    }
    expect(due.slice(0, 3)).toEqual(['12:10:00', '12:10:30', '12:11:00']);
  });

  it('an interval that does not divide the span: the last window is clamped to end at t + query time', () => {
    const windows = windowSchedule({ actionTimeMs, queryTimeMin: 5, delayMin: 0, intervalSec: 420 });
    expect(windows.map((w) => `${hms(w.from)}-${hms(w.to)}`)).toEqual(['11:55:00-12:00:00', '12:00:00-12:05:00']);
  });

  it('rejects a zero interval instead of looping forever', () => {
    expect(() => windowSchedule({ actionTimeMs, queryTimeMin: 5, delayMin: 0, intervalSec: 0 })).toThrow(RangeError);
  });
});
