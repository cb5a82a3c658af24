// `npm start`: the whole product against the embedded Darktrace simulator, in one process. Starts
// the simulator on a loopback port, runs the test-module, then every command's manifest example,
// printing what a war room would show. Every step goes through the real CLI entry (main) and the
// real signed HTTP client over a real socket.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifest } from '../manifest/load.js';
import { renderHeading, renderTable } from '../render/markdown.js';
import { SIMULATOR_TOKENS, startSimulator } from '../simulator/server.js';
import type { CliIo, GlobalOptions } from './io.js';
import { main } from './main.js';
import { present } from './present.js';

export interface DemoStep {
  readonly title: string;
  readonly argv: readonly string[];
  /** Incidents go to this file as JSON lines; the demo shows the new ones as a table. */
  readonly incidentsFile?: string;
}

export function demoSteps(stateFile: string, incidentsFile: string): DemoStep[] {
  const manifest = loadManifest();
  return [
    { title: 'Test the connection (test-module)', argv: ['test'] },
    ...manifest.script.commands.filter((c) => c.example !== undefined).map((c) => ({ title: c.description, argv: ['run', c.example ?? ''] })),
    {
      title: 'One fetch cycle: new model breaches become incidents, checkpointed',
      argv: ['fetch', '--state', stateFile, '--out', incidentsFile],
      incidentsFile,
    },
    { title: 'The next cycle continues from the checkpoint', argv: ['fetch', '--state', stateFile, '--out', incidentsFile], incidentsFile },
  ];
}

export async function runDemo(global: Pick<GlobalOptions, 'markdown'>, io: CliIo): Promise<number> {
  const simulator = await startSimulator({ port: 0 });
  const stateDir = mkdtempSync(join(tmpdir(), 'darktrace-soar-demo-'));
  const env = {
    ...io.env,
    DARKTRACE_URL: simulator.url,
    DARKTRACE_PUBLIC_API_TOKEN: SIMULATOR_TOKENS.publicToken,
    DARKTRACE_PRIVATE_API_TOKEN: SIMULATOR_TOKENS.privateToken,
    // The simulator's breaches sit around 2026-03-01; fetch them three at a time.
    DARKTRACE_ISFETCH: 'true',
    DARKTRACE_FIRST_FETCH: '2026-02-28',
    DARKTRACE_MAX_ALERTS: '3',
  };
  let failures = 0;
  try {
    io.out(`Darktrace simulator on ${simulator.url}\n\n`);
    let shownIncidents = 0;
    for (const step of demoSteps(join(stateDir, 'checkpoint.json'), join(stateDir, 'incidents.jsonl'))) {
      io.out(present(`${renderHeading(step.title, 2)}\n$ darktrace-soar ${step.argv.map(quoteArg).join(' ')}\n\n`, io, global));
      const code = await main(global.markdown ? [...step.argv, '--markdown'] : step.argv, { ...io, env });
      if (code !== 0) failures++;
      if (step.incidentsFile && code === 0) {
        const incidents = readFileSync(step.incidentsFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        const fresh = incidents.slice(shownIncidents);
        shownIncidents = incidents.length;
        io.out(
          present(
            renderTable(`${fresh.length} new incident(s) appended to ${step.incidentsFile}`, fresh, {
              headers: ['dbotMirrorId', 'severity', 'occurred', 'name'],
            }),
            io,
            global,
          ),
        );
      }
      io.out('\n');
    }
  } finally {
    await simulator.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
  io.out(failures === 0 ? 'Demo complete: every step succeeded.\n' : `Demo finished with ${failures} failing step(s).\n`);
  return failures === 0 ? 0 : 1;
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
