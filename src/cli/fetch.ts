// `fetch --state FILE [--out FILE]`: one fetch cycle, and the cycle machinery `poll` repeats.
// A cycle is two phases: fetching (network only, safe to abandon) and delivering (incidents
// written and fsynced, then the checkpoint replaced; synchronous, so never torn by a signal).
import { toIso } from '../clock.js';
import { ConfigError, UsageError } from '../errors.js';
import type { Checkpoint } from '../fetch/checkpoint.js';
import { fetchIncidents, firstCheckpoint, type FetchResult } from '../fetch/fetch-incidents.js';
import { appendDurably, prepareOutFile, readCheckpointFile, writeCheckpointFile } from '../fetch/state-file.js';
import { openCliInstance, type Instance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';

export interface FetchCliOptions {
  readonly state?: string | undefined;
  readonly out?: string | undefined;
}

export interface Fetcher {
  readonly instance: Instance;
  /** Reads the checkpoint (and cuts --out back to it), then asks the appliance. No delivery yet. */
  fetch(): Promise<{ lastRun: Checkpoint; result: FetchResult }>;
  /** Delivers the incidents durably, then stores the checkpoint, then logs the cycle line. */
  deliver(cycle: { lastRun: Checkpoint; result: FetchResult }): void;
  close(): Promise<void>;
}

export function openFetcher(subcommand: 'fetch' | 'poll', o: FetchCliOptions, global: GlobalOptions, io: CliIo): Fetcher {
  const statePath = o.state;
  if (!statePath) throw new UsageError(`${subcommand} needs --state FILE: the checkpoint that makes the next cycle start where this one ended`);
  const instance = openCliInstance(global, io);
  if (!instance.params.isFetch) {
    throw new ConfigError([
      { parameter: 'isFetch', message: `fetching is turned off for this instance, so ${subcommand} does nothing; set isFetch: true in the config file or DARKTRACE_ISFETCH=true` },
    ]);
  }
  // A fetcher's cycle line is its heartbeat: shown by default, unlike a war-room command's logs.
  instance.log.level = global.verbose ? 'debug' : 'info';
  return createFetcher(instance, { statePath, outPath: o.out, write: (text) => io.out(text) });
}

export interface FetcherFiles {
  /** The checkpoint file. */
  readonly statePath: string;
  /** Incidents appended here, exactly once; without it they go to `write`, at least once. */
  readonly outPath?: string | undefined;
  /** Where incident lines go without an out file (stdout). */
  readonly write: (text: string) => void;
  /** Added as `instance` to every line written to `write`, so that several instances can share stdout. */
  readonly tag?: string;
}

/** The fetch/deliver cycle of one instance over its checkpoint and out file (used by fetch, poll and poll --all). */
export function createFetcher(instance: Instance, files: FetcherFiles): Fetcher {
  const { statePath, outPath, tag } = files;
  const { params, clock, log } = instance;
  return {
    instance,
    async fetch() {
      let lastRun = readCheckpointFile(statePath);
      if (!lastRun) {
        // Pin the first run before anything is delivered: first_fetch resolved once (a restart
        // must not move "1 day ago"), and the length of an existing --out file kept as committed.
        lastRun = { ...firstCheckpoint(params, clock), ...(outPath ? { outBytes: prepareOutFile(outPath, undefined) } : {}) };
        writeCheckpointFile(statePath, lastRun);
      } else if (outPath) {
        lastRun = { ...lastRun, outBytes: prepareOutFile(outPath, lastRun.outBytes) };
      }
      const result = await fetchIncidents({ client: instance.client(), params, lastRun, clock, log });
      return { lastRun, result };
    },
    deliver({ result }) {
      let outBytes: number | undefined;
      if (outPath) {
        const lines = result.incidents.map((incident) => `${JSON.stringify(incident)}\n`).join('');
        outBytes = lines ? appendDurably(outPath, lines) : prepareOutFile(outPath, undefined);
      } else {
        const lines = result.incidents.map((incident) => `${JSON.stringify(tag === undefined ? incident : { instance: tag, ...incident })}\n`).join('');
        if (lines) files.write(lines);
      }
      writeCheckpointFile(statePath, { ...result.nextRun, ...(outBytes !== undefined ? { outBytes } : {}) });
      log.info({ ...result.stats, checkpoint: toIso(result.nextRun.creationTimeMs) }, 'fetch cycle done');
    },
    close: () => instance.close(),
  };
}

export async function runFetch(o: FetchCliOptions, global: GlobalOptions, io: CliIo): Promise<number> {
  const fetcher = openFetcher('fetch', o, global, io);
  try {
    fetcher.deliver(await fetcher.fetch());
    return 0;
  } finally {
    await fetcher.close();
  }
}
