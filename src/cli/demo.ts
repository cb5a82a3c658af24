// `npm start`: the whole product against the embedded Darktrace simulator, in one process. Starts
// the simulator on a loopback port, runs the test-module, then every command's manifest example,
// printing what a war room would show. Every step goes through the real CLI entry (main) and the
// real signed HTTP client over a real socket.
import { loadManifest } from '../manifest/load.js';
import { SIMULATOR_TOKENS, startSimulator } from '../simulator/server.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

export interface DemoStep {
  readonly title: string;
  readonly argv: readonly string[];
}

export function demoSteps(): DemoStep[] {
  const manifest = loadManifest();
  return [
    { title: 'Test the connection (test-module)', argv: ['test'] },
    ...manifest.script.commands
      .filter((c) => c.example !== undefined)
      .map((c) => ({ title: c.description, argv: ['run', c.example ?? ''] })),
  ];
}

export async function runDemo(io: CliIo, extraSteps: readonly DemoStep[] = []): Promise<number> {
  const simulator = await startSimulator({ port: 0 });
  const env = {
    ...io.env,
    DARKTRACE_URL: simulator.url,
    DARKTRACE_PUBLIC_API_TOKEN: SIMULATOR_TOKENS.publicToken,
    DARKTRACE_PRIVATE_API_TOKEN: SIMULATOR_TOKENS.privateToken,
  };
  let failures = 0;
  try {
    io.out(`Darktrace simulator on ${simulator.url}\n\n`);
    for (const step of [...demoSteps(), ...extraSteps]) {
      io.out(`## ${step.title}\n$ darktrace-soar ${step.argv.map(quoteArg).join(' ')}\n\n`);
      const code = await main(step.argv, { ...io, env });
      if (code !== 0) failures++;
      io.out('\n');
    }
  } finally {
    await simulator.close();
  }
  io.out(failures === 0 ? 'Demo complete: every step succeeded.\n' : `Demo finished with ${failures} failing step(s).\n`);
  return failures === 0 ? 0 : 1;
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
