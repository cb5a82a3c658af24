// The library API as another TypeScript project sees it: the package is packed with `npm pack`,
// unpacked into a consumer's node_modules, type-checked against its declarations with tsc
// (NodeNext, strict), compiled, and run against the simulator.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS } from '../helpers/canary-params.js';
import { tempDir } from '../helpers/run-cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CONSUMER = `
import { createIntegration, ArgumentError, type CommandOutput, type Integration } from 'darktrace-soar';

const dt: Integration = createIntegration({
  params: { url: process.env.DT_URL, public_api_token: process.env.DT_PUB, private_api_token: process.env.DT_PRIV, isFetch: true, first_fetch: '2026-02-28', max_alerts: 2 },
});
const health: 'ok' = await dt.test();
const similar: CommandOutput = await dt.execute('darktrace-get-similar-devices', { did: 1, max_results: 2 });
let argumentError = '';
try {
  await dt.execute('darktrace-get-similar-devices', { did: 'one' });
} catch (err) {
  if (err instanceof ArgumentError) argumentError = err.code + ' ' + err.argument;
}
const first = await dt.fetchIncidents();
const second = await dt.fetchIncidents(first.lastRun);
await dt.close();
process.stdout.write(JSON.stringify({
  health,
  outputs: similar.outputs,
  argumentError,
  incidents: [...first.incidents, ...second.incidents].map((i) => i.dbotMirrorId),
}));
`;

let sim: RunningSimulator;
let consumer: string;

beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS] });
  consumer = tempDir();
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', consumer], { cwd: ROOT, encoding: 'utf8' }).trim();
  const installed = join(consumer, 'node_modules', 'darktrace-soar');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['xzf', join(consumer, packed), '-C', installed, '--strip-components=1']);
  // The package's dependencies, as npm would have installed them beside it.
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== 'darktrace-soar' && !name.startsWith('.')) symlinkSync(join(ROOT, 'node_modules', name), join(consumer, 'node_modules', name));
  }
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(join(consumer, 'index.ts'), CONSUMER);
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        types: ['node'],
        skipLibCheck: false,
        outDir: 'out',
      },
      files: ['index.ts'],
    }),
  );
}, 60_000);

afterAll(async () => {
  await sim.close();
});

describe('the packed package', () => {
  it('type-checks and compiles in a consumer project', () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(() => execFileSync(process.execPath, [tsc, '-p', consumer], { cwd: consumer, encoding: 'utf8' })).not.toThrow();
    // A whole type-check of a consumer project: seconds on a quiet machine, far more on a busy one.
  }, 90_000);

  it('runs: test, execute, typed errors and fetchIncidents with a checkpoint', async () => {
    const child = spawn(process.execPath, [join(consumer, 'out', 'index.js')], {
      cwd: consumer,
      env: { PATH: process.env.PATH ?? '', DT_URL: sim.url, DT_PUB: CANARY_TOKENS.publicToken, DT_PRIV: CANARY_TOKENS.privateToken },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    const [code] = (await once(child, 'close')) as [number];
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      health: string;
      outputs: Record<string, { deviceId: number; devices: unknown[] }>;
      argumentError: string;
      incidents: string[];
    };
    expect(result.health).toBe('ok');
    expect(result.outputs['Darktrace.SimilarDevices']?.deviceId).toBe(1);
    expect(result.outputs['Darktrace.SimilarDevices']?.devices).toHaveLength(2);
    expect(result.argumentError).toBe('DT_ARG_INVALID did');
    expect(result.incidents).toEqual(['30951', '30952', '30953', '30954']);
  });
});

describe('the packed command line', () => {
  it('runs from the package alone (bin and its bundle are in the files list)', async () => {
    // Spawned, not execFileSync: the simulator answers from this process's event loop.
    const child = spawn(
      process.execPath,
      [join(consumer, 'node_modules', 'darktrace-soar', 'bin', 'darktrace-soar'), 'run', '!darktrace-get-similar-devices did=1', '--json'],
      {
        cwd: consumer,
        env: {
          PATH: process.env.PATH ?? '',
          DARKTRACE_URL: sim.url,
          DARKTRACE_PUBLIC_API_TOKEN: CANARY_TOKENS.publicToken,
          DARKTRACE_PRIVATE_API_TOKEN: CANARY_TOKENS.privateToken,
        },
      },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    const [code] = (await once(child, 'close')) as [number];
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { outputs: Record<string, { deviceId: number }> }).outputs['Darktrace.SimilarDevices']?.deviceId).toBe(1);
  });
});
