// How wide each query of a fetch cycle is (issue #14; /modelbreaches first, any stream's source now). The appliance has no count
// parameter (reference/darktrace-api.md §4.9): the only way to ask for less is a shorter
// creation-time window. A cycle therefore walks from its checkpoint towards now in consecutive
// slices, oldest first, and stops once max_alerts incidents are ready, so what one cycle holds
// follows max_alerts, not the backlog.
//
// Consecutive slices share their boundary millisecond ([a, b], [b, c], ...). Whether the appliance
// treats `endtime` as inclusive is not documented; with a shared millisecond a record at b is in
// one answer or both whichever it does, and the fetcher's pbid set drops the repeat. Disjoint
// slices ([a, b], [b + 1, c]) would silently lose b's breaches on an appliance with an exclusive
// end. The narrowest slice is therefore two milliseconds wide ([a, a + 1]): a one-millisecond
// query [a, a] could not move past a.
import type { RecordRef, Unusable } from './source.js';

/** Width of a first run's first slice. Narrow enough that a busy appliance's first answer stays small. */
export const FIRST_SLICE_MS = 3_600_000;
/** The widest first slice a checkpoint's density may ask for (a quiet appliance's old checkpoint). */
export const MAX_FIRST_SLICE_MS = 86_400_000;
/** A thin slice lets the next grow at most this many times wider; an empty one doubles it. */
export const MAX_GROWTH = 4;
/** The narrowest slice, in ms past its start (see above). */
export const MIN_SLICE_MS = 1;

/**
 * Records a slice aims for: max_alerts, within [500, 2,500]. Under 500 a request is hardly worth its
 * round trip; over 2,500 (about 5 MB of full breaches) a larger slice saved no time in the bench
 * and only made each answer, and the heap it leaves behind, larger.
 */
export function sliceTarget(maxAlerts: number): number {
  return Math.min(2_500, Math.max(500, maxAlerts));
}

/**
 * An answer with more records than this (twice the target) is dropped unread and its slice asked
 * for again, narrower: the record budget that bounds one cycle's memory. Between the target and the
 * budget the answer is kept and only the next slice is narrower.
 */
export function sliceBudget(target: number): number {
  return 2 * target;
}

/**
 * The width of the next slice after one `widthMs` wide returned `records`: narrower (at least by
 * half) when it held more than `target`, the same when it was near, wider (up to MAX_GROWTH times)
 * when it was thin, aiming at three quarters of the target from the density just seen.
 */
export function nextSliceMs(widthMs: number, records: number, target: number): number {
  const width = Math.max(MIN_SLICE_MS, widthMs);
  if (records > target) return Math.max(MIN_SLICE_MS, Math.floor(Math.min(width / 2, (width * target) / records)));
  if (records * 2 >= target) return width;
  // An empty slice says nothing about the density ahead: only doubled, so that the first answer
  // past a quiet stretch (a first_fetch older than the data) is at most as long as the quiet was.
  if (records === 0) return width * 2;
  return Math.min(width * MAX_GROWTH, Math.max(width, Math.floor((width * target * 0.75) / records)));
}

/**
 * The width of a cycle's first slice. The checkpoint remembers the breaches delivered in the
 * overlap before it (`recent`): their density is the best guess of what follows, so a busy
 * appliance starts narrow and a quiet one wide (at most MAX_FIRST_SLICE_MS). Without any, as on a
 * first run, FIRST_SLICE_MS.
 */
export function firstSliceMs(recentCount: number, overlapMs: number, target: number): number {
  if (recentCount === 0 || overlapMs <= 0) return FIRST_SLICE_MS;
  return Math.max(MIN_SLICE_MS, Math.min(MAX_FIRST_SLICE_MS, Math.floor((overlapMs * target * 0.75) / recentCount)));
}

/**
 * `widthMs`, or less when the density just seen says fewer milliseconds hold the `needed`
 * incidents still missing (with a tenth to spare): the cycle's last answer then brings about what
 * it delivers, not a whole target's worth that waits for the next cycle.
 */
export function lastSliceMs(widthMs: number, seenMs: number, seenRecords: number, needed: number): number {
  if (seenRecords === 0 || seenMs <= 0) return widthMs;
  return Math.max(MIN_SLICE_MS, Math.min(widthMs, Math.ceil((needed * 1.1 * seenMs) / seenRecords)));
}

/** Records of an answer whose time (read by the stream's `readRef`) is readable and inside [start, end]. */
export function countInSlice(refs: readonly (RecordRef | Unusable)[], start: number, end: number): number {
  let n = 0;
  for (const ref of refs) if (!('reason' in ref) && ref.timeMs >= start && ref.timeMs <= end) n++;
  return n;
}
