// `poll --state FILE [--out FILE] [--interval 60s] [--cycles N]`: the flags; the scheduler is the
// engine's (src/incidents/poll.ts through api/incidents.ts). Exits 0 after N cycles or on
// SIGINT/SIGTERM; --interval has a floor of 10 s (src/incidents/cycle.ts).
import { parseCount, parseInterval, pollLoop } from '../api/incidents.js';
import { openFetcher, type FetchCliOptions } from './fetch.js';
import type { CliIo, GlobalOptions } from './io.js';

export interface PollCliOptions extends FetchCliOptions {
  readonly interval?: string | undefined;
  readonly cycles?: string | undefined;
  readonly mirror?: boolean | undefined;
}

export async function runPoll(o: PollCliOptions, global: GlobalOptions, io: CliIo): Promise<number> {
  const intervalMs = parseInterval(o.interval ?? '60s', io.env);
  const cycles = parseCount('--cycles', o.cycles);
  await pollLoop(openFetcher('poll', o, global, io), { intervalMs, cycles });
  return 0;
}
