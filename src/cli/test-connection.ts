// `darktrace-soar test`: the platform's test-module.
import { openCliInstance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';

export async function runTest(options: GlobalOptions, io: CliIo): Promise<number> {
  const instance = openCliInstance(options, io);
  try {
    io.out(`${await instance.test()}\n`);
    return 0;
  } finally {
    await instance.close();
  }
}
