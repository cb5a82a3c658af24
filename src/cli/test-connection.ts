// `darktrace-soar test`: the platform's test-module. Stdout carries exactly its answer ("ok"), as
// the platform protocol expects. The log runs at info here, so its one line naming the DTAPI-Date
// form the appliance accepted (the client falls back to "YYYY-MM-DD HH:MM:SS" on an API DATE ERROR
// without clock skew) reaches stderr by default.
import { openCliInstance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';

export async function runTest(options: GlobalOptions, io: CliIo): Promise<number> {
  const instance = openCliInstance(options, io);
  if (!options.verbose) instance.log.level = 'info';
  try {
    io.out(`${await instance.test()}\n`);
    return 0;
  } finally {
    await instance.close();
  }
}
