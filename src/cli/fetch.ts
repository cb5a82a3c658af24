// `fetch --state FILE [--out FILE]`: one fetch cycle of the instance (src/incidents/ through
// api/incidents.ts). The flags and the instance are checked here; the cycle, its delivery and its
// checkpoint are the engine's.
import { createFetcher, createMirroringFetcher, refuseOutOnStateFiles, type Fetcher } from '../api/incidents.js';
import { ConfigError, UsageError } from '../errors.js';
import { openCliInstance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';

export interface FetchCliOptions {
  readonly state?: string | undefined;
  readonly out?: string | undefined;
}

/** The fetcher of the --config/DARKTRACE_* instance over --state and --out, for `fetch` and `poll`. */
export function openFetcher(
  subcommand: 'fetch' | 'poll',
  o: FetchCliOptions & { readonly mirror?: boolean | undefined },
  global: GlobalOptions,
  io: CliIo,
): Fetcher {
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
  const files = { statePath, outPath: o.out, write: stdoutWriter(io) };
  // poll --mirror: a mirroring round after each fetch, its update records in the same out file.
  return o.mirror ? createMirroringFetcher(instance, files) : createFetcher(instance, files);
}

/** Resolves once stdout accepted the text (see CliIo.outDurable). */
export function stdoutWriter(io: CliIo): (text: string) => Promise<void> {
  return io.outDurable ? (text) => io.outDurable!(text) : async (text) => io.out(text);
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
