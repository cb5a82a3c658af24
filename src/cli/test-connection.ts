// `darktrace-soar test`: the platform's test-module.
import { openInstance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';

export async function runTest(options: GlobalOptions, io: CliIo): Promise<number> {
  const instance = openInstance({ env: io.env, verbose: options.verbose, ...(options.config ? { configPath: options.config } : {}) });
  try {
    io.out(`${await instance.test()}\n`);
    return 0;
  } finally {
    await instance.close();
  }
}
