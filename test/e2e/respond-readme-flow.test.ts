// The README's RESPOND playbook flow, run line by line as written (through sh, bin/ as after a
// clone) against a fresh simulator: every line exits 0, and the flow leaves what it says it does.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { SIMULATOR_TOKENS } from '../../src/simulator/server.js';
import { tempDir } from '../helpers/run-cli.js';
import { withSimulator } from '../helpers/start-simulator.js';

const ROOT = resolve(import.meta.dirname, '../..');
const handle = withSimulator();

function flowLines(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## RESPOND: '));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').filter((line) => line.startsWith('bin/darktrace-soar run'));
}

it('the README RESPOND flow runs as written and ends with the action cleared and the tag and entry gone', async () => {
  const lines = flowLines();
  expect(lines.length).toBeGreaterThanOrEqual(8);
  const dir = tempDir();
  symlinkSync(join(ROOT, 'bin'), join(dir, 'bin'));
  const { url } = handle.sim;
  writeFileSync(
    join(dir, 'simulator.yml'),
    `url: ${url}\npublic_api_token: ${SIMULATOR_TOKENS.publicToken}\nprivate_api_token: ${SIMULATOR_TOKENS.privateToken}\n`,
  );
  const outputs: string[] = [];
  for (const line of lines) {
    const child = spawn('sh', ['-c', line], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    const [code] = (await once(child, 'close')) as [number | null];
    expect({ line, code, err }).toEqual({ line, code: 0, err: '' });
    outputs.push(out);
  }
  const created = JSON.parse(outputs.find((o) => o.startsWith('{'))!) as { outputs: Record<string, { codeid: number; verified: boolean }> };
  expect(created.outputs['Darktrace.RespondAction']).toMatchObject({ codeid: 4898, verified: true });
  const state = handle.sim.state;
  expect(state.respond.actions.find((a) => a.codeid === 4898)).toMatchObject({ cleared: true, active: false });
  expect(state.intelfeed.map((e) => e.name)).not.toContain('beacon.example');
  expect(state.tagEntities.filter((e) => e.valid && e.entityValue === '1428' && e.tid === 15)).toEqual([]);
  expect(outputs.at(-1)).toContain('| 4898 | 1428 | 10.0.0.5 | quarantine | cleared |');
});
