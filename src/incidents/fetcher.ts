// The fetch/deliver cycle of one instance over its checkpoint and out file, the machinery `fetch`,
// `poll` and `poll --all` share. A cycle is two phases: fetching (network only, safe to abandon)
// and delivering: quarantined records written and fsynced, then the incidents of every stream (out
// file fsynced, or stdout's acceptance awaited), and only then the checkpoint replaced, once, with
// every stream's section. A signal only asks the loop to stop, so a delivery that started always
// completes or fails as a whole; a failed write leaves the checkpoint where it was (issue #12, point 1).
import { toIso, type Clock } from '../clock.js';
import { DeliveryError, isDarktraceSoarError, UsageError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Checkpoint } from './checkpoint.js';
import { assertCheckpointNotFuture, fetchIncidents, firstCheckpoint, type FetchResult } from './fetch-streams.js';
import { describeError } from './file-errors.js';
import { incidentLines } from './incident-lines.js';
import { appendQuarantine, readQuarantineKeys, type QuarantinedRecord } from './quarantine.js';
import type { FetchParams, IncidentSource } from './source.js';
import { appendDurably, canonicalPath, prepareOutFile, readCheckpointFile, writeCheckpointFile } from './state-file.js';
import { lockStateFile, type StateLock } from './state-lock.js';

/** What the engine needs of an instance (api/ hands over its Integration and logger). */
export interface FetchInstance<Client = unknown> {
  readonly params: FetchParams & { readonly timeout: number };
  readonly clock: Clock;
  readonly log: Logger;
  client(): Client;
  close(): Promise<void>;
}

interface FetchCycle {
  readonly lastRun: Checkpoint;
  readonly result: FetchResult;
}

export interface Fetcher {
  readonly instance: FetchInstance;
  /** Takes the checkpoint's lock; a second fetcher on the same file is refused (StateLockedError). */
  lock(): void;
  /** Reads the checkpoint (and cuts --out back to it), then asks the appliance. No delivery yet. */
  fetch(): Promise<FetchCycle>;
  /** Quarantines, delivers the incidents durably, then stores the checkpoint, then logs the cycle line. */
  deliver(cycle: FetchCycle): Promise<void>;
  /** Releases the lock and the client. */
  close(): Promise<void>;
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

/**
 * The same file as --out and as the checkpoint (or its lock or quarantine) would lose incidents: the
 * checkpoint's atomic rename replaces what was appended. Refused before anything is fetched.
 */
export function refuseOutOnStateFiles(outPath: string, statePath: string): void {
  const out = canonicalPath(outPath);
  const state = canonicalPath(statePath);
  const taken = [state, `${state}.lock`, quarantinePath(state)];
  if (taken.includes(out)) {
    throw new UsageError(`--out ${outPath}: is the checkpoint given with --state, or its lock or quarantine file; give the incidents a file of their own`);
  }
}

/** `<state>.quarantine.jsonl`: records that could not be delivered, with their reasons. */
export function quarantinePath(statePath: string): string {
  return `${statePath}.quarantine.jsonl`;
}

/**
 * The fetch/deliver cycle of one instance over its checkpoint and out file (used by fetch, poll and
 * poll --all), fetching `sources` in turn within one max_alerts.
 */
export function createFetcher<Client>(instance: FetchInstance<Client>, sources: readonly IncidentSource<Client>[], files: FetcherFiles): Fetcher {
  const { outPath, tag } = files;
  // Through a symbolic link or another spelling the same checkpoint must take the same lock, and the
  // atomic rename must replace the file, not the link.
  const statePath = canonicalPath(files.statePath);
  const { params, clock, log } = instance;
  // Filter parameters are configuration: refused here, before a lock, a checkpoint or a request.
  for (const source of sources) source.checkParams?.(params);
  const quarantineFile = quarantinePath(statePath);
  let quarantineKeys: Set<string> | undefined;
  let lock: StateLock | undefined;
  return {
    instance,
    lock() {
      lock ??= lockStateFile(statePath, clock, (stale) => log.warn({ stale, lock: `${statePath}.lock` }, 'stale lock of a stopped fetcher taken over'));
    },
    async fetch() {
      let lastRun = readCheckpointFile(statePath, sources);
      if (!lastRun) {
        // Pin the first run before anything is delivered: first_fetch resolved once (a restart
        // must not move "1 day ago"), and the length of an existing --out file kept as committed.
        lastRun = { ...firstCheckpoint(sources, params, clock), ...(outPath ? { outBytes: prepareOutFile(outPath, undefined) } : {}) };
        writeCheckpointFile(statePath, lastRun, sources);
      } else {
        assertCheckpointNotFuture(lastRun, sources, statePath, clock);
        const missing = sources.filter((s) => lastRun!.streams[s.name] === undefined);
        if (missing.length > 0) {
          // A stream enabled since the checkpoint was made: pinned at first_fetch like a first run.
          lastRun = { ...lastRun, streams: { ...firstCheckpoint(missing, params, clock).streams, ...lastRun.streams } };
          writeCheckpointFile(statePath, lastRun, sources);
        }
        if (outPath) lastRun = { ...lastRun, outBytes: prepareOutFile(outPath, lastRun.outBytes) };
      }
      const result = await fetchIncidents({ sources, client: instance.client(), params, lastRun, clock, log });
      return { lastRun, result };
    },
    async deliver({ result }) {
      if (result.quarantined.length > 0) {
        quarantineKeys ??= readQuarantineKeys(quarantineFile);
        const written = appendQuarantine(quarantineFile, result.quarantined, quarantineKeys, toIso(clock.now()));
        for (const q of written) logQuarantined(log, q, sources, quarantineFile);
      }
      let outBytes: number | undefined;
      if (outPath) {
        outBytes = result.incidents.length > 0 ? appendDurably(outPath, incidentLines(result.incidents)) : prepareOutFile(outPath, undefined);
      } else if (result.incidents.length > 0) {
        try {
          for (const lines of incidentLines(result.incidents, tag)) await files.write(lines);
        } catch (err) {
          if (isDarktraceSoarError(err)) throw err;
          throw new DeliveryError(
            `stdout did not accept ${result.incidents.length} incident(s): ${describeError(err)}; none counted as delivered and the checkpoint ${statePath} did not move; the next fetch delivers them again`,
            { cause: err },
            'stdout',
          );
        }
      }
      writeCheckpointFile(statePath, { ...result.nextRun, ...(outBytes !== undefined ? { outBytes } : {}) }, sources);
      log.info({ ...result.stats, checkpoint: checkpointTimes(result.nextRun, sources) }, 'fetch cycle done');
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

/** The quarantine's warning line: the stream, the record's identity, the field and the reason. */
export function logQuarantined(log: Pick<Logger, 'warn'>, q: QuarantinedRecord, sources: readonly IncidentSource<never>[], file?: string): void {
  const source = sources.find((s) => s.name === q.stream) ?? sources[0];
  const identity =
    q.pbid !== undefined || q.id !== undefined
      ? { ...(q.pbid === undefined ? {} : { pbid: q.pbid }), ...(q.id === undefined ? {} : { id: q.id }) }
      : { pbid: 'none' };
  log.warn({ stream: q.stream, ...identity, field: q.field, reason: q.reason, ...(file ? { file } : {}) }, `${source?.label.one ?? 'record'} quarantined`);
}

/**
 * The cycle line's `checkpoint`: the one stream's time as ISO-8601 (as before there were streams),
 * or each stream's by name.
 */
function checkpointTimes(checkpoint: Checkpoint, sources: readonly IncidentSource<never>[]): string | Record<string, string> {
  const times = sources.flatMap((s) => {
    const section = checkpoint.streams[s.name];
    return section === undefined ? [] : [[s.name, toIso(s.readSection(section).timeMs)] as const];
  });
  return times.length === 1 ? times[0]![1] : Object.fromEntries(times);
}
