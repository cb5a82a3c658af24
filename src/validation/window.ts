// The sliding-window schedule of seed 001. Windows are fixed by the action time t: window k covers
// [t - Q + k*I, t + k*I] (Q query time, I query interval), the last one is [t, t + Q] (a window
// that would pass t + Q is clamped to end there). The delay D moves the run times, not the
// windows: window k runs at its end + D. So with D = 0 each run looks at [now - Q, now], as the
// seed's "the first time the query runs, it looks from 11:55:00 to 12:00:00" says, and with
// D = 10 the seed's "the same query ... wouldn't start until 12:10:00" holds: the same 11 windows,
// the first run at 12:10:00 and the last at 12:15:00, every run D minutes after its window closed,
// which gives late events the same D minutes to arrive in every window.

export interface QueryWindow {
  /** Epoch ms the run is due. */
  readonly runAt: number;
  /** Inclusive window bounds, epoch ms. */
  readonly from: number;
  readonly to: number;
}

export interface ScheduleOptions {
  readonly actionTimeMs: number;
  readonly queryTimeMin: number;
  readonly delayMin: number;
  readonly intervalSec: number;
}

const MINUTE_MS = 60_000;

/** The windows in run order; throws RangeError for a non-positive query time or interval. */
export function windowSchedule(o: ScheduleOptions): QueryWindow[] {
  if (!(o.queryTimeMin > 0) || !(o.intervalSec > 0)) throw new RangeError('windowSchedule: query time and interval must be positive');
  const span = o.queryTimeMin * MINUTE_MS;
  const step = o.intervalSec * 1000;
  const last = o.actionTimeMs + span;
  const windows: QueryWindow[] = [];
  for (let to = o.actionTimeMs; ; to += step) {
    const end = Math.min(to, last);
    windows.push({ runAt: end + o.delayMin * MINUTE_MS, from: end - span, to: end });
    if (end >= last) return windows;
  }
}
