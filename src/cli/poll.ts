// `poll --state FILE [--out FILE] [--interval 60s] [--cycles N]`: the scheduler. A fetch cycle
// every interval (plus or minus 10% jitter, so many instances do not hit one appliance in step),
// exponential backoff while the appliance fails, and a clean stop on SIGINT/SIGTERM: a cycle still
// fetching is abandoned (nothing was delivered, the checkpoint is untouched), a delivery always
// completes (it is synchronous), and the process exits 0. The cycle itself is in cycle.ts, shared
// with `poll --all` (poll-all.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { jittered, parseCount, parseInterval, runCycle, type CycleState } from './cycle.js';
import { openFetcher, type FetchCliOptions } from './fetch.js';
import type { CliIo, GlobalOptions } from './io.js';

export { backoffMs, MAX_BACKOFF_MS, parseInterval } from './cycle.js';

export interface PollCliOptions extends FetchCliOptions {
  readonly interval?: string | undefined;
  readonly cycles?: string | undefined;
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

export async function runPoll(o: PollCliOptions, global: GlobalOptions, io: CliIo): Promise<number> {
  const intervalMs = parseInterval(o.interval ?? '60s');
  const cycles = parseCount('--cycles', o.cycles);
  const fetcher = openFetcher('poll', o, global, io);
  const [stop, unlisten] = stopOnSignals(fetcher.instance.log);
  const state: CycleState = { failures: 0 };
  try {
    for (let n = 0; n < cycles && !stop.signal.aborted; n++) {
      const outcome = await runCycle(fetcher, state, { intervalMs, stop: stop.signal });
      if (outcome.kind === 'stopped') break;
      if (n + 1 < cycles) await pause(outcome.kind === 'failing' ? outcome.delayMs : jittered(intervalMs), stop.signal);
    }
    return 0;
  } finally {
    unlisten();
    await fetcher.close();
  }
}
