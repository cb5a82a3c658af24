// `darktrace-soar test`: the platform's test-module.
import { testModule } from '../commands/test-module.js';
import { openInstance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';

export async function runTest(options: GlobalOptions, io: CliIo): Promise<number> {
  const instance = openInstance({ env: io.env, verbose: options.verbose, ...(options.config ? { configPath: options.config } : {}) });
  try {
    io.out(`${await testModule(instance.client())}\n`);
    return 0;
  } finally {
    await instance.close();
  }
}
