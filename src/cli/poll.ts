// `poll --state FILE [--out FILE] [--interval 60s] [--cycles N]`: the scheduler. A fetch cycle
// every interval (plus or minus 10% jitter, so many instances do not hit one appliance in step),
// exponential backoff while the appliance fails, and a clean stop on SIGINT/SIGTERM: a cycle still
// fetching is abandoned (nothing was delivered, the checkpoint is untouched), a delivery always
// completes (it is synchronous), and the process exits 0.
import { setTimeout as sleep } from 'node:timers/promises';
import { isDarktraceSoarError, UsageError } from '../errors.js';
import { openFetcher, type FetchCliOptions } from './fetch.js';
import type { CliIo, GlobalOptions } from './io.js';

export interface PollCliOptions extends FetchCliOptions {
  readonly interval?: string | undefined;
  readonly cycles?: string | undefined;
}

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

function parseCycles(text: string | undefined): number {
  if (text === undefined) return Number.POSITIVE_INFINITY;
  if (!/^[1-9]\d{0,8}$/.test(text)) throw new UsageError(`--cycles: expected a positive integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

export function backoffMs(intervalMs: number, failures: number): number {
  return Math.min(Math.max(intervalMs, MIN_BACKOFF_MS) * 2 ** failures, Math.max(MAX_BACKOFF_MS, intervalMs));
}

function jittered(ms: number): number {
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

export async function runPoll(o: PollCliOptions, global: GlobalOptions, io: CliIo): Promise<number> {
  const intervalMs = parseInterval(o.interval ?? '60s');
  const cycles = parseCycles(o.cycles);
  const fetcher = openFetcher('poll', o, global, io);
  const { log } = fetcher.instance;
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'poll stopping');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let failures = 0;
  try {
    for (let n = 0; n < cycles && !stop.signal.aborted; n++) {
      let delayMs = jittered(intervalMs);
      try {
        const cycle = await unlessAborted(fetcher.fetch(), stop.signal);
        if (cycle === ABANDONED) {
          log.info('fetch cycle abandoned before delivery; the checkpoint is unchanged');
          break;
        }
        fetcher.deliver(cycle);
        if (failures > 0) log.warn({ failures }, 'appliance answering again; backoff over');
        failures = 0;
      } catch (err) {
        // Appliance and network failures (exit code 1) are waited out; a bad checkpoint, bad
        // configuration or a bug stop the poller, because retrying cannot fix them.
        if (!isDarktraceSoarError(err) || err.exitCode !== 1) throw err;
        delayMs = backoffMs(intervalMs, failures);
        failures++;
        log.warn({ code: err.code, failures, delayMs, reason: err.message }, 'appliance failing; checkpoint kept, backing off');
      }
      if (n + 1 < cycles) {
        await sleep(delayMs, undefined, { signal: stop.signal }).catch((err: unknown) => {
          if (!stop.signal.aborted) throw err; // an abort ends the wait early: that is the stop
        });
      }
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await fetcher.close();
  }
}
