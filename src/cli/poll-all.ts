// `poll --all --config FILE --state-dir DIR [--out-dir DIR] [--interval 60s] [--cycles N]
// [--concurrency 4]`: every instance of a multi-instance config file (config/instances.ts), each
// with its own checkpoint (DIR/<name>.json) and out file (OUTDIR/<name>.jsonl). This file opens
// them and reads the flags; the scheduler (isolation, backoff, concurrency) is the engine's
// (src/incidents/poll-all.ts through api/incidents.ts). Instances whose last cycle failed on
// something local are named on stderr at the end (exit 2, or 1 for a delivery or internal failure).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createFetcher, parseCount, parseInterval, pollAll } from '../api/incidents.js';
import { systemClock } from '../clock.js';
import { readConfigFile } from '../config/params.js';
import { resolveInstances } from '../config/instances.js';
import { ConfigError, UsageError } from '../errors.js';
import { loadManifest } from '../manifest/load.js';
import { stdoutWriter } from './fetch.js';
import { manifestLogger, openInstance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';

export interface PollAllCliOptions {
  readonly stateDir?: string | undefined;
  readonly outDir?: string | undefined;
  readonly interval?: string | undefined;
  readonly cycles?: string | undefined;
  readonly concurrency?: string | undefined;
}

type PollAllInstance = Parameters<typeof pollAll>[0][number];

export const DEFAULT_CONCURRENCY = 4;

/** Only the DARKTRACE_SOAR_* process tunables: a DARKTRACE_<PARAMETER> would override every instance alike. */
function processTunables(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('DARKTRACE_SOAR_')));
}

function openAll(o: PollAllCliOptions, global: GlobalOptions, io: CliIo): { instances: PollAllInstance[]; log: ReturnType<typeof manifestLogger> } {
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
  const opened = polled.map((i): PollAllInstance => {
    const instance = openInstance({ file: i.values, env, paramsFromEnv: false, logger: log.child({ instance: i.name }) });
    const fetcher = createFetcher(instance, {
      statePath: join(stateDir, `${i.name}.json`),
      outPath: o.outDir ? join(o.outDir, `${i.name}.jsonl`) : undefined,
      write: stdoutWriter(io),
      tag: i.name,
    });
    return { name: i.name, fetcher };
  });
  return { instances: opened, log };
}

function makeFolder(option: string, path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (err) {
    throw new UsageError(`${option} ${path}: cannot be used as a folder (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
  }
}

export async function runPollAll(o: PollAllCliOptions, global: GlobalOptions, io: CliIo): Promise<number> {
  const intervalMs = parseInterval(o.interval ?? '60s', io.env);
  const cycles = parseCount('--cycles', o.cycles);
  const concurrency = parseCount('--concurrency', o.concurrency ?? String(DEFAULT_CONCURRENCY));
  const { instances, log } = openAll(o, global, io);
  const broken = await pollAll(instances, { intervalMs, cycles, concurrency, log });
  for (const b of broken) io.err(`darktrace-soar: instance ${b.name}: ${b.message} [${b.code}]\n`);
  return broken.length === 0 ? 0 : broken.some((b) => b.exitCode === 2) ? 2 : 1;
}
