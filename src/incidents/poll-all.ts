// The scheduler of many instances, behind `poll --all` (cli/poll-all.ts opens one fetcher per
// instance of a multi-instance config file, each with its own checkpoint and out file): the same
// cycle as `poll` (cycle.ts) for all of them. Per cycle, the instances that are due run at most `concurrency` at a
// time (slots shared across cycles). One failing appliance never stalls the others:
//  - it backs off on its own (the interval times 2, 4, 8 ... up to 15 minutes) and is skipped by
//    the cycles in between;
//  - its retries run in the background: a cycle waits only for the instances that were healthy
//    when it started, so a hung appliance delays the others at most once, when it first hangs;
//  - healthy instances are started first, so failing ones queue behind them for a slot;
//  - a cycle is abandoned after the instance's `timeout` parameter (nothing delivered, checkpoint
//    kept, counted as a failure) and its slot freed; the instance is not started again until the
//    abandoned request settles.
// Isolation (issue #12, point 2): every failure of one instance (its appliance, a record, its
// checkpoint, out or quarantine file, even an unexpected exception) is caught, logged with the
// instance name and backed off for that instance alone; the others deliver every cycle. A record
// that cannot be delivered is quarantined by the fetcher, so it cannot fail an instance forever.
// Only two things stop the whole run: another poller holding one of the checkpoints (exit 2 at
// once) and stdout refusing incidents (its reader is gone for every instance). Instances whose last
// cycle failed on something local are returned at the end, for the caller to name (exit 2, or 1 for
// a delivery or internal failure); an appliance that is down is not an error of this process.
import { systemClock } from '../clock.js';
import { asOurError, DeliveryError, isDarktraceSoarError, StateLockedError } from '../errors.js';
import type { Logger } from '../log.js';
import { createSlots } from './bounded.js';
import { failed, jittered, pause, runCycle, stopOnSignals, type CycleState } from './cycle.js';
import type { Fetcher } from './fetcher.js';

/** One instance to poll: its name (for logs and the end report) and its fetcher. */
export interface PollAllInstance {
  readonly name: string;
  readonly fetcher: Fetcher;
}

export interface PollAllOptions {
  readonly intervalMs: number;
  /** Cycles to run; Infinity until a signal. */
  readonly cycles: number;
  /** Instances fetching at once, at most. */
  readonly concurrency: number;
  /** The run's logger: cycle lines and failing instances. */
  readonly log: Logger;
}

/** An instance whose last cycle failed on something local (a file, a bug), for the caller to name. */
export interface LocalFailure {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly exitCode: 1 | 2;
}

interface Entry {
  readonly name: string;
  readonly fetcher: Fetcher;
  readonly state: CycleState;
  /** Epoch ms before which a backing-off instance is not started. */
  dueMs: number;
  /** The last failure that is not the appliance's (a local file, a bug); cleared by a delivered cycle. */
  localFailure?: Omit<LocalFailure, 'name'> | undefined;
  /** This instance's cycle while it runs (possibly in the background, past the cycle that started it). */
  running?: Promise<void> | undefined;
}

/** What finished since the last status line. */
interface Tally {
  ok: number;
  delivered: number;
}

/** Takes every checkpoint's lock at the start: another poller on one of them stops this run at once. */
function lockAll(entries: readonly Entry[]): void {
  for (const e of entries) {
    try {
      e.fetcher.lock();
    } catch (err) {
      if (err instanceof StateLockedError) throw new StateLockedError(`instance ${e.name}: ${err.message}`, { cause: err });
      // Any other lock failure is a local file problem of this instance: its cycle retries the
      // lock, fails the same way, and is logged and backed off there like every other failure.
    }
  }
}

/**
 * Polls every instance until `cycles` ran or a signal came, and closes every fetcher. Returns the
 * instances whose last cycle failed locally; throws what stops the whole run (a lock held by
 * another poller, stdout refusing incidents).
 */
export async function pollAll(instances: readonly PollAllInstance[], o: PollAllOptions): Promise<LocalFailure[]> {
  const { intervalMs, cycles, log } = o;
  const entries: Entry[] = instances.map((i) => ({ name: i.name, fetcher: i.fetcher, state: { failures: 0 }, dueMs: 0 }));
  try {
    lockAll(entries);
  } catch (err) {
    await Promise.all(entries.map((e) => e.fetcher.close()));
    throw err;
  }
  const [stop, unlisten] = stopOnSignals(log);
  const slots = createSlots(o.concurrency);
  let tally: Tally = { ok: 0, delivered: 0 };
  let fatal: unknown;

  const runEntry = async (e: Entry): Promise<void> => {
    if (stop.signal.aborted) return;
    try {
      e.fetcher.lock();
      const deadlineMs = e.fetcher.instance.params.timeout * 1000;
      const outcome = await runCycle(e.fetcher, e.state, { intervalMs, stop: stop.signal, deadlineMs });
      if (outcome.kind === 'delivered') {
        tally.ok++;
        tally.delivered += outcome.delivered;
        e.dueMs = 0;
        e.localFailure = undefined;
      } else if (outcome.kind === 'failing') {
        e.dueMs = systemClock.now() + outcome.delayMs;
        // An out or quarantine file that refuses writes is this host's problem, reported at the end.
        if (outcome.error instanceof DeliveryError) e.localFailure = { code: outcome.error.code, message: outcome.error.message, exitCode: 1 };
      }
    } catch (err) {
      if (err instanceof DeliveryError && err.target === 'stdout') {
        fatal ??= err;
        stop.abort();
        return;
      }
      const delayMs = failed(e.state, intervalMs);
      e.dueMs = systemClock.now() + delayMs;
      const failure = asOurError(err);
      e.localFailure = { code: failure.code, message: failure.message, exitCode: failure.exitCode };
      const { code, message: reason } = e.localFailure;
      log.error(
        { instance: e.name, code, reason, failures: e.state.failures, delayMs, ...(isDarktraceSoarError(err) ? {} : { stack: (err as Error)?.stack }) },
        'instance failing; the others go on',
      );
    }
  };

  try {
    for (let cycle = 1; cycle <= cycles && !stop.signal.aborted; cycle++) {
      const startMs = systemClock.now();
      const due = entries.filter((e) => !e.running && !e.state.busy && e.dueMs <= startMs);
      // Healthy first: a slot a failing appliance holds is a slot a healthy one waits for.
      due.sort((a, b) => a.state.failures - b.state.failures);
      const awaited: Array<Promise<void>> = [];
      for (const e of due) {
        const healthy = e.state.failures === 0;
        const running = slots
          .run(() => runEntry(e))
          .finally(() => {
            e.running = undefined;
          });
        e.running = running;
        // A failing instance's retry goes on in the background; the cycle does not wait for it.
        if (healthy) awaited.push(running);
      }
      await Promise.all(awaited);
      if (fatal !== undefined) throw fatal;
      const { ok, delivered } = tally;
      tally = { ok: 0, delivered: 0 };
      const failing = entries.filter((e) => e.state.failures > 0).length;
      // rssMb: a long-running poller's memory is part of its heartbeat (bench/poll-all.ts reads it).
      const rssMb = Math.round(process.memoryUsage.rss() / 2 ** 20);
      log.info({ cycle, instances: entries.length, ok, failing, delivered, rssMb }, 'poll cycle done');
      if (cycle < cycles) await pause(jittered(intervalMs), stop.signal);
    }
    // Background retries end at their deadline (or at once on SIGINT/SIGTERM).
    await Promise.all(entries.map((e) => e.running ?? Promise.resolve()));
    if (fatal !== undefined) throw fatal;
    return entries.flatMap((e) => (e.localFailure ? [{ name: e.name, ...e.localFailure }] : []));
  } finally {
    unlisten();
    await Promise.all(entries.map((e) => e.fetcher.close()));
  }
}
