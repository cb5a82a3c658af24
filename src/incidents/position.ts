// Where a stream starts and whether its checkpoint can be trusted, for every stream alike: the
// first run's position (first_fetch resolved once), the notice when first_fetch changed later, and
// the refusal of a checkpoint in the future.
import { toIso, type Clock } from '../clock.js';
import { ConfigError, StateError } from '../errors.js';
import type { Logger } from '../log.js';
import { parseRelativeTime, RELATIVE_TIME_FORM } from '../relative-time.js';
import { FUTURE_TOLERANCE_MS } from './checkpoint.js';
import type { FetchParams, Position } from './source.js';

export type FetchLog = Pick<Logger, 'warn'> & Partial<Pick<Logger, 'debug'>>;

/**
 * The position a first run starts from: first_fetch resolved, once, to epoch ms (never seconds,
 * §6 P1). A first_fetch later than now would fetch nothing until then, silently: refused.
 */
export function firstPosition(params: Pick<FetchParams, 'first_fetch'>, clock: Clock): Position {
  const startMs = parseRelativeTime(params.first_fetch, clock);
  if (startMs === undefined) {
    throw new ConfigError([{ parameter: 'first_fetch', message: `expected ${RELATIVE_TIME_FORM}, got ${JSON.stringify(params.first_fetch)}` }]);
  }
  if (startMs > clock.now() + FUTURE_TOLERANCE_MS) {
    throw new ConfigError([
      {
        parameter: 'first_fetch',
        message: `${JSON.stringify(params.first_fetch)} is ${toIso(startMs)}, later than now (${toIso(clock.now())}); nothing would be fetched until then. Use a time in the past, e.g. "3 days"`,
      },
    ]);
  }
  return { timeMs: Math.max(0, startMs), recent: [], firstFetch: params.first_fetch, floorMs: Math.max(0, startMs) };
}

/**
 * first_fetch only sets where the very first cycle starts. Changed later, it is ignored because
 * the checkpoint exists, which looked like a fetch stuck on old settings (issue #15): say so once,
 * with how to start over. Returns the first_fetch to record in the next checkpoint.
 */
export function noticeFirstFetchChange(lastRun: Position, firstFetch: string, log: FetchLog): string | undefined {
  if (lastRun.firstFetch !== undefined && lastRun.firstFetch !== firstFetch) {
    log.warn(
      { firstFetch, checkpointFirstFetch: lastRun.firstFetch, checkpoint: toIso(lastRun.timeMs) },
      `first_fetch changed from "${lastRun.firstFetch}" to "${firstFetch}", but the checkpoint wins: fetching continues from ${toIso(lastRun.timeMs)}. ` +
        'To fetch again from the new first_fetch, delete the checkpoint (the --state file; under exec, send no lastRun). Said once.',
    );
  }
  return lastRun.firstFetch === undefined ? undefined : firstFetch;
}

/** A checkpoint later than now (beyond the tolerance) would make every cycle fetch nothing, silently. */
export function assertNotFuture(position: Position, source: string, clock: Clock): void {
  if (position.timeMs <= clock.now() + FUTURE_TOLERANCE_MS) return;
  throw new StateError(
    `the fetch checkpoint ${source} is at ${toIso(position.timeMs)}, later than now (${toIso(clock.now())}): every cycle would fetch nothing. ` +
      "Check this host's clock; if the checkpoint is wrong, restore it from a backup or delete it to fetch again from first_fetch.",
  );
}
