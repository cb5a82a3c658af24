// The scheduler of one instance, behind `poll --state FILE [--out FILE] [--interval 60s] [--cycles N]`:
// a fetch cycle every interval (plus or minus 10% jitter, so many instances do not hit one
// appliance in step), exponential backoff while the appliance fails, and a clean stop on
// SIGINT/SIGTERM: a cycle still fetching is abandoned (nothing was delivered, the checkpoint is
// untouched), a delivery always completes, and the run ends normally. The checkpoint's lock is held
// for the whole run: a second poller on the same file is refused at once. The cycle itself is in
// cycle.ts, shared with the scheduler of many instances (poll-all.ts).
import { jittered, pause, runCycle, stopOnSignals, type CycleState } from './cycle.js';
import type { Fetcher } from './fetcher.js';

export interface PollOptions {
  readonly intervalMs: number;
  /** Cycles to run; Infinity until a signal. */
  readonly cycles: number;
}

/** Runs `fetcher` every interval until `cycles` ran or a signal came; always closes it. */
export async function pollLoop(fetcher: Fetcher, o: PollOptions): Promise<void> {
  try {
    fetcher.lock();
  } catch (err) {
    await fetcher.close();
    throw err;
  }
  const [stop, unlisten] = stopOnSignals(fetcher.instance.log);
  const state: CycleState = { failures: 0 };
  try {
    for (let n = 0; n < o.cycles && !stop.signal.aborted; n++) {
      const outcome = await runCycle(fetcher, state, { intervalMs: o.intervalMs, stop: stop.signal });
      if (outcome.kind === 'stopped') break;
      if (n + 1 < o.cycles) await pause(outcome.kind === 'failing' ? outcome.delayMs : jittered(o.intervalMs), stop.signal);
    }
  } finally {
    unlisten();
    await fetcher.close();
  }
}
