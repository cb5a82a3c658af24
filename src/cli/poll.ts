// `poll --state FILE [--out FILE] [--interval 60s] [--cycles N]`: the scheduler. A fetch cycle
// every interval (plus or minus 10% jitter, so many instances do not hit one appliance in step),
// exponential backoff while the appliance fails, and a clean stop on SIGINT/SIGTERM: a cycle still
// fetching is abandoned (nothing was delivered, the checkpoint is untouched), a delivery always
// completes, and the process exits 0. The checkpoint's lock is held for the whole run: a second
// poller on the same file exits 2 at once. --interval has a floor of 10 s (cycle.ts). The cycle itself is in cycle.ts, shared
// with `poll --all` (poll-all.ts).
import { jittered, parseCount, parseInterval, pause, runCycle, stopOnSignals, type CycleState } from './cycle.js';
import { openFetcher, stdoutWriter, type FetchCliOptions } from './fetch.js';
import type { CliIo, GlobalOptions } from './io.js';

export interface PollCliOptions extends FetchCliOptions {
  readonly interval?: string | undefined;
  readonly cycles?: string | undefined;
  readonly mirror?: boolean | undefined;
}

export async function runPoll(o: PollCliOptions, global: GlobalOptions, io: CliIo): Promise<number> {
  const intervalMs = parseInterval(o.interval ?? '60s', io.env);
  const cycles = parseCount('--cycles', o.cycles);
  const opened = openFetcher('poll', o, global, io);
  // --mirror: a mirroring round after each fetch, its update records in the same out file (poll-mirror.ts).
  const fetcher = o.mirror ? (await import('./poll-mirror.js')).withMirror(opened, { statePath: o.state!, outPath: o.out, write: stdoutWriter(io) }) : opened;
  try {
    fetcher.lock();
  } catch (err) {
    await fetcher.close();
    throw err;
  }
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
