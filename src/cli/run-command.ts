// `darktrace-soar run '!darktrace-x a=1'`: one war-room command, markdown (or one JSON object with
// --json) to stdout.
import { handlers } from '../commands/index.js';
import { CommandDispatcher } from '../dispatch/dispatcher.js';
import { UsageError } from '../errors.js';
import { openInstance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';
import { parseWarRoomLine } from './war-room-line.js';

export async function runCommandLine(line: string | undefined, options: GlobalOptions, io: CliIo): Promise<number> {
  if (!line) throw new UsageError('run needs a command line, e.g. run \'!darktrace-get-similar-devices did=1\'');
  const parsed = parseWarRoomLine(line);
  const instance = openInstance({ env: io.env, verbose: options.verbose, ...(options.config ? { configPath: options.config } : {}) });
  try {
    const dispatcher = new CommandDispatcher({
      manifest: instance.manifest,
      handlers,
      client: () => instance.client(),
      clock: instance.clock,
      log: instance.log,
      params: instance.params,
    });
    const result = await dispatcher.run(parsed.command, parsed.args);
    io.out(options.json ? `${JSON.stringify({ command: result.command, outputs: result.outputs, readable: result.readable, raw: result.raw })}\n` : result.readable);
    return 0;
  } finally {
    await instance.close();
  }
}
