// `darktrace-soar run '!darktrace-x a=1'`: one war-room command, markdown (or one JSON object with
// --json) to stdout.
import { UsageError } from '../errors.js';
import { openCliInstance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';
import { present } from './present.js';
import { parseWarRoomLine } from './war-room-line.js';

export async function runCommandLine(line: string | undefined, options: GlobalOptions, io: CliIo): Promise<number> {
  if (!line) throw new UsageError("run needs a command line, e.g. run '!darktrace-get-similar-devices did=1'");
  const parsed = parseWarRoomLine(line);
  const instance = openCliInstance(options, io);
  try {
    const result = await instance.execute(parsed.command, parsed.args);
    io.out(options.json ? `${JSON.stringify(result)}\n` : present(result.readable, io, options));
    return 0;
  } finally {
    await instance.close();
  }
}
