// One fetch cycle for one instance under poll's failure policy, shared by `poll` and `poll --all`:
// fetch (network only, safe to abandon), deliver (synchronous, never torn by a signal), and on an
// appliance or network failure keep the checkpoint and back off exponentially. Anything else (a bad
// checkpoint, bad configuration, a bug) is thrown: retrying cannot fix it.
import { setTimeout as sleep } from 'node:timers/promises';
import { isDarktraceSoarError, TimeoutError, UsageError } from '../errors.js';
import type { Fetcher } from './fetch.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
export const MAX_BACKOFF_MS = 15 * 60_000;
/** Floor of the backoff base, so `--interval 0s` still backs off instead of spinning. */
const MIN_BACKOFF_MS = 50;

/** "60s", "5m", "250ms", "1h", "0s" -> ms. */
export function parseInterval(text: string): number {
  const m = /^(\d{1,7})(ms|s|m|h)$/.exec(text.trim());
  if (!m) throw new UsageError(`--interval: expected a number and a unit (ms, s, m, h), e.g. 60s or 5m, got ${JSON.stringify(text)}`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/** `--cycles N` (or another positive-integer flag) -> N; absent means no limit. */
export function parseCount(flag: string, text: string | undefined): number {
  if (text === undefined) return Number.POSITIVE_INFINITY;
  if (!/^[1-9]\d{0,8}$/.test(text)) throw new UsageError(`${flag}: expected a positive integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

export function backoffMs(intervalMs: number, failures: number): number {
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
  | { readonly kind: 'failing'; readonly delayMs: number };

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
    fetcher.deliver(cycle);
    if (state.failures > 0) log.warn({ failures: state.failures }, 'appliance answering again; backoff over');
    state.failures = 0;
    return { kind: 'delivered', delivered: cycle.result.incidents.length };
  } catch (err) {
    if (!isDarktraceSoarError(err) || err.exitCode !== 1) throw err;
    const delayMs = backoffMs(o.intervalMs, state.failures);
    state.failures++;
    log.warn({ code: err.code, failures: state.failures, delayMs, reason: err.message }, 'appliance failing; checkpoint kept, backing off');
    return { kind: 'failing', delayMs };
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
