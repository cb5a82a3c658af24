// The README's "Using it" examples, run as written against the simulator they start: a user who
// follows them gets "ok", tables, JSON and, from the very first fetch, incidents. The commands run
// through sh in a fresh folder where bin/ is this repository's bin/, as after a clone.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, symlinkSync, watch } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startInPty } from '../helpers/pty.js';
import { tempDir } from '../helpers/run-cli.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** The first ```sh block under "## Using it", its bin/darktrace-soar lines, comments cut off. */
function usingItExamples(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Using it\n'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .filter((line) => line.startsWith('bin/darktrace-soar'))
    .map((line) => line.replace(/\s+#.*$/, '').trim());
}

const examples = usingItExamples();
const dir = tempDir();
symlinkSync(join(ROOT, 'bin'), join(dir, 'bin'));
const env = { PATH: process.env.PATH ?? '', HOME: dir, DARKTRACE_SOAR_HISTORY: join(dir, 'history') };

function sh(line: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('sh', ['-c', line], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return once(child, 'close').then(([code]) => ({ code: code as number | null, stdout, stderr }));
}

let simulator: ReturnType<typeof spawn> | undefined;
beforeAll(async () => {
  const start = examples.find((line) => line.endsWith('&'));
  expect(start).toBe('bin/darktrace-soar simulate > simulator.yml &');
  // The same line without the shell's "&": a child of its own process group, stopped in afterAll.
  simulator = spawn('sh', ['-c', (start ?? '').replace(/\s*&$/, '')], { cwd: dir, env, stdio: 'ignore', detached: true });
  // The config is complete once its last line is written: await the file's changes, no sleep.
  const watcher = watch(dir);
  const config = join(dir, 'simulator.yml');
  const done = () => {
    try {
      return readFileSync(config, 'utf8').includes('first_fetch:');
    } catch {
      return false; // not created yet
    }
  };
  while (!done()) await once(watcher, 'change');
  watcher.close();
});
afterAll(() => {
  if (simulator?.pid) process.kill(-simulator.pid, 'SIGTERM');
});

it('the examples are the ones this test knows how to run', () => {
  expect(examples.length).toBeGreaterThanOrEqual(8);
  expect(examples.filter((line) => line.includes('--config') && !line.includes('simulator.yml'))).toEqual([]);
});

it('every non-interactive example exits 0; the first fetch delivers incidents, the second none', async () => {
  const fetches: string[] = [];
  for (const line of examples.filter((l) => !l.endsWith('&') && !l.includes(' war-room'))) {
    const run = await sh(line);
    expect({ line, code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ line, code: 0, stderr: '' });
    if (line.includes(' test ')) expect(run.stdout).toBe('ok\n');
    if (line.includes('--json')) expect(JSON.parse(run.stdout)).toMatchObject({ command: 'darktrace-get-similar-devices' });
    if (line.includes(' fetch ')) fetches.push(run.stdout);
  }
  expect(fetches).toHaveLength(2);
  const first = (fetches[0] ?? '')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { dbotMirrorId: string });
  expect(first.length).toBeGreaterThan(0);
  expect(first.every((incident) => /^\d+$/.test(incident.dbotMirrorId))).toBe(true);
  expect(fetches[1]).toBe('');
});

it('the war-room example opens on the simulator in a terminal', async () => {
  const line = examples.find((l) => l.includes(' war-room')) ?? '';
  const args = line.split(/\s+/).slice(1);
  const session = startInPty(args, env, dir);
  await session.waitFor('Instance: config simulator.yml (127.0.0.1:');
  session.type('exit\r');
  expect(await session.exit()).toBe(0);
});
