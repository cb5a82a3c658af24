// One fetch cycle for one instance under poll's failure policy, shared by `poll` and `poll --all`:
// fetch (network only, safe to abandon), deliver (never abandoned: a signal only stops the loop),
// and on an appliance, network or out-file failure keep the checkpoint and back off exponentially.
// Anything else (a bad checkpoint, bad configuration, stdout gone, a bug) is thrown: `poll` stops,
// `poll --all` backs that instance off alone (poll-all.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { DeliveryError, isDarktraceSoarError, TimeoutError, UsageError, type DarktraceSoarError } from '../errors.js';
import type { Fetcher } from './fetcher.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const MAX_BACKOFF_MS = 15 * 60_000;
/** Floor of the backoff base, so a tiny interval (allowed by the override) still backs off instead of spinning. */
const MIN_BACKOFF_MS = 50;
/**
 * The shortest --interval: a poller asking every few milliseconds hammers the appliance (issue #12,
 * point 9), and breaches are raised minutes after their activity anyway. DARKTRACE_SOAR_MIN_INTERVAL
 * lowers it, for tests and demos only, like the other DARKTRACE_SOAR_* process tunables.
 */
export const MIN_INTERVAL_MS = 10_000;
/**
 * The longest interval: a day. Node's timers hold at most 2^31-1 ms (about 24.8 days) and fire at
 * once beyond it, which would turn a very long interval into a tight loop; a poller that waits
 * more than a day between cycles is a scheduled `fetch`, not a poller.
 */
const MAX_INTERVAL_MS = 24 * 3_600_000;
const MIN_INTERVAL_ENV = 'DARKTRACE_SOAR_MIN_INTERVAL';
const INTERVAL_FORM = 'a whole number and a unit (ms, s, m, h), e.g. 60s or 5m';

function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,7})(ms|s|m|h)$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : undefined;
}

/**
 * "60s", "5m", "1h" -> ms, at least MIN_INTERVAL_MS (or the DARKTRACE_SOAR_MIN_INTERVAL override).
 * Negative, fractional or unit-less values are refused with the accepted form.
 */
export function parseInterval(text: string, env: Readonly<Record<string, string | undefined>> = {}): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`--interval: expected ${INTERVAL_FORM}, got ${JSON.stringify(text)}`);
  const override = env[MIN_INTERVAL_ENV];
  const floorMs = override === undefined ? MIN_INTERVAL_MS : parseDuration(override);
  if (floorMs === undefined) throw new UsageError(`${MIN_INTERVAL_ENV}: expected ${INTERVAL_FORM}, got ${JSON.stringify(override)}`);
  if (ms < floorMs) {
    throw new UsageError(
      `--interval: ${text.trim()} is below the floor of ${floorMs / 1000} s, which keeps a poller from hammering the appliance; use 10s or more`,
    );
  }
  if (ms > MAX_INTERVAL_MS) {
    throw new UsageError(`--interval: ${text.trim()} is longer than the 24 h maximum; for less frequent fetches run \`fetch\` from a scheduler`);
  }
  return ms;
}

/** `--cycles N` (or another positive-integer flag) -> N; absent means no limit. */
export function parseCount(flag: string, text: string | undefined): number {
  if (text === undefined) return Number.POSITIVE_INFINITY;
  if (!/^[1-9]\d{0,8}$/.test(text)) throw new UsageError(`${flag}: expected a positive integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

function backoffMs(intervalMs: number, failures: number): number {
  return Math.min(Math.max(intervalMs, MIN_BACKOFF_MS) * 2 ** failures, Math.max(MAX_BACKOFF_MS, intervalMs));
}

/** ±10%, so that many pollers (or instances) do not hit their appliances in step. */
export function jittered(ms: number): number {
  return Math.round(ms * (0.9 + Math.random() * 0.2));
}

const ABANDONED = Symbol('abandoned');

/** Resolves with the promise's value, or ABANDONED as soon as the signal aborts. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABANDONED> {
  if (signal.aborted) return Promise.resolve(ABANDONED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABANDONED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        // After an abandon nobody awaits this promise any more; the error (usually the closed
        // client) is expected and must not surface as an unhandled rejection.
        if (!signal.aborted) reject(err);
      },
    );
  });
}

/** Per-instance state kept between cycles. */
export interface CycleState {
  /** Consecutive failed cycles; 0 while the appliance answers. */
  failures: number;
  /** Set while an abandoned fetch is still waiting for its appliance; the instance is not started again until it settles. */
  busy?: Promise<void> | undefined;
}

export type CycleOutcome =
  | { readonly kind: 'delivered'; readonly delivered: number }
  /** Stopped by the signal before delivery: nothing delivered, the checkpoint untouched. */
  | { readonly kind: 'stopped' }
  /** The appliance failed (or the cycle passed its deadline): checkpoint kept, wait delayMs. */
  | { readonly kind: 'failing'; readonly delayMs: number; readonly error: DarktraceSoarError };

/** Counts one more failure of the instance and says how long to wait before its next cycle. */
export function failed(state: CycleState, intervalMs: number): number {
  const delayMs = backoffMs(intervalMs, state.failures);
  state.failures++;
  return delayMs;
}

export interface CycleOptions {
  readonly intervalMs: number;
  /** SIGINT/SIGTERM. */
  readonly stop: AbortSignal;
  /** Abandon the fetch phase after this long and count the cycle as failed (poll --all). */
  readonly deadlineMs?: number;
}

export async function runCycle(fetcher: Fetcher, state: CycleState, o: CycleOptions): Promise<CycleOutcome> {
  const { log } = fetcher.instance;
  // One controller per cycle, its timer cleared and its listener removed when the cycle ends: a
  // poller runs for months, and AbortSignal.timeout/any would keep a 30 s timer and a dependent
  // of the stop signal alive per instance and cycle.
  const abandon = new AbortController();
  const onStop = () => abandon.abort();
  if (o.stop.aborted) abandon.abort();
  else o.stop.addEventListener('abort', onStop, { once: true });
  const timer = o.deadlineMs === undefined ? undefined : setTimeout(onStop, o.deadlineMs);
  const signal = abandon.signal;
  try {
    const fetching = fetcher.fetch();
    const cycle = await unlessAborted(fetching, signal);
    if (cycle === ABANDONED) {
      if (o.stop.aborted) {
        log.info('fetch cycle abandoned before delivery; the checkpoint is unchanged');
        return { kind: 'stopped' };
      }
      const settled = fetching.then(
        () => undefined,
        () => undefined,
      );
      state.busy = settled.then(() => {
        state.busy = undefined;
      });
      throw new TimeoutError(`the fetch cycle took longer than ${o.deadlineMs} ms (the instance's timeout parameter); nothing was delivered`);
    }
    await fetcher.deliver(cycle);
    if (state.failures > 0) log.warn({ failures: state.failures }, 'appliance answering again; backoff over');
    state.failures = 0;
    return { kind: 'delivered', delivered: cycle.result.incidents.length };
  } catch (err) {
    // Stdout that refused the incidents is gone for good (the reader closed, the disk is full): stop.
    if (!isDarktraceSoarError(err) || err.exitCode !== 1 || (err instanceof DeliveryError && err.target === 'stdout')) throw err;
    const delayMs = failed(state, o.intervalMs);
    const what = err instanceof DeliveryError ? 'delivery failing' : 'appliance failing';
    log.warn({ code: err.code, failures: state.failures, delayMs, reason: err.message }, `${what}; checkpoint kept, backing off`);
    return { kind: 'failing', delayMs, error: err };
  } finally {
    clearTimeout(timer);
    o.stop.removeEventListener('abort', onStop);
  }
}

/** SIGINT/SIGTERM abort the returned controller; call the second value to stop listening. */
export function stopOnSignals(log: { info(o: object, msg: string): void }): [AbortController, () => void] {
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'poll stopping');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return [
    stop,
    () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  ];
}

/** Waits ms, or less when the signal aborts (that is the stop, not an error). */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch((err: unknown) => {
    if (!signal.aborted) throw err;
  });
}
