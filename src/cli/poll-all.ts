// `poll --all --config FILE --state-dir DIR [--out-dir DIR] [--interval 60s] [--cycles N]
// [--concurrency 4]`: every instance of a multi-instance config file (config/instances.ts), each
// with its own checkpoint (DIR/<name>.json) and out file (OUTDIR/<name>.jsonl), through the same
// cycle as `poll` (cycle.ts). Per cycle, the instances that are due run at most `concurrency` at a
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
// once) and stdout refusing incidents (exit 1: its reader is gone for every instance). Instances
// whose last cycle failed on something local are named on stderr at the end (exit 2, or 1 for a
// delivery or internal failure); an appliance that is down is not an error of this process.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../clock.js';
import { readConfigFile } from '../config/params.js';
import { resolveInstances } from '../config/instances.js';
import { asOurError, ConfigError, DeliveryError, isDarktraceSoarError, StateLockedError, UsageError } from '../errors.js';
import { loadManifest } from '../manifest/load.js';
import { createSlots } from './bounded.js';
import { failed, jittered, parseCount, parseInterval, pause, runCycle, stopOnSignals, type CycleState } from './cycle.js';
import { createFetcher, stdoutWriter, type Fetcher } from './fetch.js';
import { manifestLogger, openInstance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';

export interface PollAllCliOptions {
  readonly stateDir?: string | undefined;
  readonly outDir?: string | undefined;
  readonly interval?: string | undefined;
  readonly cycles?: string | undefined;
  readonly concurrency?: string | undefined;
}

interface Entry {
  readonly name: string;
  readonly fetcher: Fetcher;
  readonly state: CycleState;
  /** Epoch ms before which a backing-off instance is not started. */
  dueMs: number;
  /** The last failure that is not the appliance's (a local file, a bug); cleared by a delivered cycle. */
  localFailure?: { readonly code: string; readonly message: string; readonly exitCode: 1 | 2 } | undefined;
  /** This instance's cycle while it runs (possibly in the background, past the cycle that started it). */
  running?: Promise<void> | undefined;
}

/** What finished since the last status line. */
interface Tally {
  ok: number;
  delivered: number;
}

export const DEFAULT_CONCURRENCY = 4;

/** Only the DARKTRACE_SOAR_* process tunables: a DARKTRACE_<PARAMETER> would override every instance alike. */
function processTunables(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('DARKTRACE_SOAR_')));
}

function openAll(o: PollAllCliOptions, global: GlobalOptions, io: CliIo): { entries: Entry[]; log: ReturnType<typeof manifestLogger> } {
  if (!global.config) throw new UsageError('poll --all needs --config FILE holding instances: { <name>: { parameters } }');
  const stateDir = o.stateDir;
  if (!stateDir) throw new UsageError('poll --all needs --state-dir DIR: one checkpoint per instance, DIR/<name>.json');
  const instances = resolveInstances(loadManifest(), readConfigFile(global.config), systemClock);
  const polled = instances.filter((i) => i.params.isFetch);
  if (polled.length === 0) {
    throw new ConfigError([
      {
        parameter: 'isFetch',
        source: 'config file',
        message: 'no instance has isFetch: true, so poll --all has nothing to do; set it at the top level or per instance',
      },
    ]);
  }
  const log = manifestLogger(global.verbose);
  log.level = global.verbose ? 'debug' : 'info';
  const skipped = instances.filter((i) => !i.params.isFetch).map((i) => i.name);
  if (skipped.length > 0) log.info({ skipped }, 'isFetch is false for these instances; not polled');
  makeFolder('--state-dir', stateDir);
  if (o.outDir) makeFolder('--out-dir', o.outDir);
  const env = processTunables(io.env);
  const entries = polled.map((i): Entry => {
    const instance = openInstance({ file: i.values, env, paramsFromEnv: false, logger: log.child({ instance: i.name }) });
    const fetcher = createFetcher(instance, {
      statePath: join(stateDir, `${i.name}.json`),
      outPath: o.outDir ? join(o.outDir, `${i.name}.jsonl`) : undefined,
      write: stdoutWriter(io),
      tag: i.name,
    });
    return { name: i.name, fetcher, state: { failures: 0 }, dueMs: 0 };
  });
  return { entries, log };
}

function makeFolder(option: string, path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (err) {
    throw new UsageError(`${option} ${path}: cannot be used as a folder (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
  }
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

export async function runPollAll(o: PollAllCliOptions, global: GlobalOptions, io: CliIo): Promise<number> {
  const intervalMs = parseInterval(o.interval ?? '60s', io.env);
  const cycles = parseCount('--cycles', o.cycles);
  const concurrency = parseCount('--concurrency', o.concurrency ?? String(DEFAULT_CONCURRENCY));
  const { entries, log } = openAll(o, global, io);
  try {
    lockAll(entries);
  } catch (err) {
    await Promise.all(entries.map((e) => e.fetcher.close()));
    throw err;
  }
  const [stop, unlisten] = stopOnSignals(log);
  const slots = createSlots(concurrency);
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
    const broken = entries.filter((e) => e.localFailure);
    for (const e of broken) io.err(`darktrace-soar: instance ${e.name}: ${e.localFailure!.message} [${e.localFailure!.code}]\n`);
    return broken.length === 0 ? 0 : broken.some((e) => e.localFailure!.exitCode === 2) ? 2 : 1;
  } finally {
    unlisten();
    await Promise.all(entries.map((e) => e.fetcher.close()));
  }
}
