// `fetch --state FILE [--out FILE]`: one fetch cycle, and the cycle machinery `poll` repeats.
// A cycle is two phases: fetching (network only, safe to abandon) and delivering: quarantined
// records written and fsynced, then the incidents (out file fsynced, or stdout's acceptance
// awaited), and only then the checkpoint replaced. A signal only asks the loop to stop, so a
// delivery that started always completes or fails as a whole; a failed write leaves the
// checkpoint where it was (issue #12, point 1).
import { toIso } from '../clock.js';
import { ConfigError, DeliveryError, isDarktraceSoarError, UsageError } from '../errors.js';
import type { Checkpoint } from '../fetch/checkpoint.js';
import { describeError } from '../fetch/file-errors.js';
import { assertNotFuture, fetchIncidents, firstCheckpoint, type FetchResult } from '../fetch/fetch-incidents.js';
import { appendQuarantine, readQuarantineKeys } from '../fetch/quarantine.js';
import { appendDurably, canonicalPath, prepareOutFile, readCheckpointFile, writeCheckpointFile } from '../fetch/state-file.js';
import { lockStateFile, type StateLock } from '../fetch/state-lock.js';
import { openCliInstance, type Instance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';

export interface FetchCliOptions {
  readonly state?: string | undefined;
  readonly out?: string | undefined;
}

interface FetchCycle {
  readonly lastRun: Checkpoint;
  readonly result: FetchResult;
}

export interface Fetcher {
  readonly instance: Instance;
  /** Takes the checkpoint's lock; a second fetcher on the same file is refused (StateLockedError). */
  lock(): void;
  /** Reads the checkpoint (and cuts --out back to it), then asks the appliance. No delivery yet. */
  fetch(): Promise<FetchCycle>;
  /** Quarantines, delivers the incidents durably, then stores the checkpoint, then logs the cycle line. */
  deliver(cycle: FetchCycle): Promise<void>;
  /** Releases the lock and the client. */
  close(): Promise<void>;
}

export function openFetcher(subcommand: 'fetch' | 'poll', o: FetchCliOptions, global: GlobalOptions, io: CliIo): Fetcher {
  const statePath = o.state;
  if (!statePath) throw new UsageError(`${subcommand} needs --state FILE: the checkpoint that makes the next cycle start where this one ended`);
  const instance = openCliInstance(global, io);
  if (!instance.params.isFetch) {
    throw new ConfigError([
      {
        parameter: 'isFetch',
        message: `fetching is turned off for this instance, so ${subcommand} does nothing; set isFetch: true in the config file or DARKTRACE_ISFETCH=true`,
      },
    ]);
  }
  if (o.out !== undefined) refuseOutOnStateFiles(o.out, statePath);
  // A fetcher's cycle line is its heartbeat: shown by default, unlike a war-room command's logs.
  instance.log.level = global.verbose ? 'debug' : 'info';
  return createFetcher(instance, { statePath, outPath: o.out, write: stdoutWriter(io) });
}

/** Resolves once stdout accepted the text (see CliIo.outDurable). */
export function stdoutWriter(io: CliIo): (text: string) => Promise<void> {
  return io.outDurable ? (text) => io.outDurable!(text) : async (text) => io.out(text);
}

export interface FetcherFiles {
  /** The checkpoint file. The quarantine file and the lock are beside it. */
  readonly statePath: string;
  /** Incidents appended here, exactly once; without it they go to `write`, at least once. */
  readonly outPath?: string | undefined;
  /** Where incident lines go without an out file (stdout); resolves once they were accepted. */
  readonly write: (text: string) => Promise<void>;
  /** Added as `instance` to every line written to `write`, so that several instances can share stdout. */
  readonly tag?: string;
}

/** `<state>.quarantine.jsonl`: records that could not be delivered, with their reasons. */
/**
 * The same file as --out and as the checkpoint (or its lock or quarantine) would lose incidents: the
 * checkpoint's atomic rename replaces what was appended. Refused before anything is fetched.
 */
function refuseOutOnStateFiles(outPath: string, statePath: string): void {
  const out = canonicalPath(outPath);
  const state = canonicalPath(statePath);
  const taken = [state, `${state}.lock`, quarantinePath(state)];
  if (taken.includes(out)) {
    throw new UsageError(`--out ${outPath}: is the checkpoint given with --state, or its lock or quarantine file; give the incidents a file of their own`);
  }
}

export function quarantinePath(statePath: string): string {
  return `${statePath}.quarantine.jsonl`;
}

/** The fetch/deliver cycle of one instance over its checkpoint and out file (used by fetch, poll and poll --all). */
export function createFetcher(instance: Instance, files: FetcherFiles): Fetcher {
  const { outPath, tag } = files;
  // Through a symbolic link or another spelling the same checkpoint must take the same lock, and the
  // atomic rename must replace the file, not the link.
  const statePath = canonicalPath(files.statePath);
  const { params, clock, log } = instance;
  const quarantineFile = quarantinePath(statePath);
  let quarantineKeys: Set<string> | undefined;
  let lock: StateLock | undefined;
  return {
    instance,
    lock() {
      lock ??= lockStateFile(statePath, clock, (stale) => log.warn({ stale, lock: `${statePath}.lock` }, 'stale lock of a stopped fetcher taken over'));
    },
    async fetch() {
      let lastRun = readCheckpointFile(statePath);
      if (!lastRun) {
        // Pin the first run before anything is delivered: first_fetch resolved once (a restart
        // must not move "1 day ago"), and the length of an existing --out file kept as committed.
        lastRun = { ...firstCheckpoint(params, clock), ...(outPath ? { outBytes: prepareOutFile(outPath, undefined) } : {}) };
        writeCheckpointFile(statePath, lastRun);
      } else {
        assertNotFuture(lastRun, statePath, clock);
        if (outPath) lastRun = { ...lastRun, outBytes: prepareOutFile(outPath, lastRun.outBytes) };
      }
      const result = await fetchIncidents({ client: instance.client(), params, lastRun, clock, log });
      return { lastRun, result };
    },
    async deliver({ result }) {
      if (result.quarantined.length > 0) {
        quarantineKeys ??= readQuarantineKeys(quarantineFile);
        const written = appendQuarantine(quarantineFile, result.quarantined, quarantineKeys, toIso(clock.now()));
        for (const q of written) log.warn({ pbid: q.pbid ?? 'none', field: q.field, reason: q.reason, file: quarantineFile }, 'model breach quarantined');
      }
      let outBytes: number | undefined;
      if (outPath) {
        const lines = result.incidents.map((incident) => `${JSON.stringify(incident)}\n`).join('');
        outBytes = lines ? appendDurably(outPath, lines) : prepareOutFile(outPath, undefined);
      } else {
        const lines = result.incidents.map((incident) => `${JSON.stringify(tag === undefined ? incident : { instance: tag, ...incident })}\n`).join('');
        if (lines) {
          try {
            await files.write(lines);
          } catch (err) {
            if (isDarktraceSoarError(err)) throw err;
            throw new DeliveryError(
              `stdout did not accept ${result.incidents.length} incident(s): ${describeError(err)}; none counted as delivered and the checkpoint ${statePath} did not move; the next fetch delivers them again`,
              { cause: err },
              'stdout',
            );
          }
        }
      }
      writeCheckpointFile(statePath, { ...result.nextRun, ...(outBytes !== undefined ? { outBytes } : {}) });
      log.info({ ...result.stats, checkpoint: toIso(result.nextRun.creationTimeMs) }, 'fetch cycle done');
    },
    async close() {
      try {
        lock?.release();
        lock = undefined;
      } finally {
        await instance.close();
      }
    },
  };
}

export async function runFetch(o: FetchCliOptions, global: GlobalOptions, io: CliIo): Promise<number> {
  const fetcher = openFetcher('fetch', o, global, io);
  try {
    fetcher.lock();
    await fetcher.deliver(await fetcher.fetch());
    return 0;
  } finally {
    await fetcher.close();
  }
}
