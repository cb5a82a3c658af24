// `darktrace-soar simulate [--port N] [--tls]`: the Darktrace simulator as a standalone server, for
// demos and manual testing. Prints a config that points at it, then serves until interrupted.
import { once } from 'node:events';
import { SIMULATOR_TOKENS, startSimulator } from '../simulator/server.js';
import { UsageError } from '../errors.js';
import type { CliIo } from './io.js';

export async function runSimulator(options: { port?: string; tls: boolean }, io: CliIo): Promise<number> {
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number from 0 to 65535, got ${JSON.stringify(options.port)}`);
  const simulator = await startSimulator({ port, tls: options.tls });
  io.out(
    [
      `Darktrace simulator listening on ${simulator.url}`,
      'Use it with this config (YAML):',
      `url: ${simulator.url}`,
      `public_api_token: ${SIMULATOR_TOKENS.publicToken}`,
      `private_api_token: ${SIMULATOR_TOKENS.privateToken}`,
      ...(options.tls ? ['insecure: true'] : []),
      '',
    ].join('\n'),
  );
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  await simulator.close();
  return 0;
}
