// `darktrace-soar simulate [--port N] [--tls] [--data real]`: the Darktrace simulator as a standalone server, for
// demos and manual testing. Prints a config that points at it (the prose as YAML comments, so the
// output saved to a file is a valid --config), then serves until interrupted.
import { once } from 'node:events';
import { SIMULATOR_TOKENS, startSimulator } from '../simulator/server.js';
import { UsageError } from '../errors.js';
import type { CliIo } from './io.js';

const DAY_MS = 24 * 60 * 60_000;

/**
 * A first_fetch that covers every model breach the simulator holds: the day before the oldest
 * one. The simulator's data sits at fixed dates (around 2026-03-01), so the default first_fetch
 * ("1 day") would find nothing and the first fetch would deliver no incident (issue #15).
 */
export function coveringFirstFetch(creationTimesMs: readonly number[]): string | undefined {
  const times = creationTimesMs.filter((t) => Number.isFinite(t));
  if (times.length === 0) return undefined;
  return new Date(Math.min(...times) - DAY_MS).toISOString().slice(0, 10);
}

export async function runSimulator(options: { port?: string; tls: boolean; data?: string }, io: CliIo): Promise<number> {
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: expected a port number from 0 to 65535, got ${JSON.stringify(options.port)}`);
  if (options.data !== undefined && options.data !== 'real')
    throw new UsageError(`--data: expected real (the recorded shapes of real appliances), got ${JSON.stringify(options.data)}`);
  const simulator = await startSimulator({ port, tls: options.tls, ...(options.data === 'real' ? { data: 'real' as const } : {}) });
  // With --data real the breaches are the recorded ones, dated when their sources recorded them.
  const firstFetch = coveringFirstFetch(simulator.real?.breachCreationTimes() ?? simulator.state.breaches.map((b) => b.creationTime));
  io.out(
    [
      `# Darktrace simulator listening on ${simulator.url} (Ctrl-C stops it)`,
      '# Use it with this config: save this output as a file and pass --config FILE.',
      `url: ${simulator.url}`,
      `public_api_token: ${SIMULATOR_TOKENS.publicToken}`,
      `private_api_token: ${SIMULATOR_TOKENS.privateToken}`,
      ...(options.tls ? ['insecure: true'] : []),
      'isFetch: true',
      ...(firstFetch ? [`# The simulator's model breaches start the day after this date.`, `first_fetch: ${firstFetch}`] : []),
      '',
    ].join('\n'),
  );
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  await simulator.close();
  return 0;
}
