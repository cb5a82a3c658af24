// Issue #12, points 1 and 6, against hostile local conditions: stdout whose reader went away
// (EPIPE) or a full disk (/dev/full) means "not delivered": one line, DT_DELIVERY, exit 1, the
// checkpoint byte-identical, and the next fetch delivers the same incidents. A second fetcher on a
// checkpoint exits 2 at once naming the holder; the lock of a SIGKILLed poller is taken over.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { expectedPbids, MIN_SCORE, pbidsOfLines, scenarioDataset } from '../helpers/fetch-scenario.js';
import { BIN, runCli, tempDir } from '../helpers/run-cli.js';

const NOW = systemClock.now();
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS], dataset: scenarioDataset({ count: 60, nowMs: NOW, days: 1, seed: 31 }) });
});
afterAll(() => sim.close());

const env = () => ({
  PATH: process.env.PATH ?? '',
  DARKTRACE_SOAR_RETRIES: '0',
  DARKTRACE_SOAR_MIN_INTERVAL: '0s',
  ...instanceEnv(sim.url, { isFetch: true, min_score: MIN_SCORE, max_alerts: 1000, first_fetch: '2 days' }),
});

/** Runs the CLI with the given stdout; resolves with its exit code and stderr. */
async function runWithStdout(args: string[], stdout: number | 'pipe', onSpawn?: (child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, [BIN, ...args], { env: env(), stdio: ['ignore', stdout, 'pipe'] });
  onSpawn?.(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stderr };
}

function seededState(): { state: string; before: string } {
  const state = join(tempDir(), 'state.json');
  const before = `${JSON.stringify({ version: 1, creationTimeMs: NOW - 2 * 86_400_000, recent: [] })}\n`;
  writeFileSync(state, before);
  return { state, before };
}

describe('stdout that does not accept the incidents', () => {
  it.each([
    {
      name: 'a reader that closed its end (EPIPE)',
      stdout: 'pipe' as const,
      // The read end is closed before node has even started, so the first write gets EPIPE.
      onSpawn: (child: ReturnType<typeof spawn>) => child.stdout!.destroy(),
      errno: 'the reader closed it (EPIPE)',
    },
    { name: 'a full disk (/dev/full)', stdout: 'full' as const, errno: 'no space left on the device (ENOSPC)' },
  ])('$name: DT_DELIVERY, exit 1, checkpoint byte-identical, delivered by the next fetch', async ({ stdout, onSpawn, errno }) => {
    const { state, before } = seededState();
    const fd = stdout === 'full' ? openSync('/dev/full', 'w') : undefined;
    const run = await runWithStdout(['fetch', '--state', state], fd ?? 'pipe', onSpawn).finally(() => fd !== undefined && closeSync(fd));
    const want = expectedPbids(sim.state.breaches);
    expect(run.code, run.stderr).toBe(1);
    const errorLines = run.stderr.split('\n').filter((l) => l.startsWith('darktrace-soar:'));
    expect(errorLines).toEqual([
      `darktrace-soar: stdout did not accept ${want.length} incident(s): ${errno}; none counted as delivered and the checkpoint ${state} did not move; the next fetch delivers them again [DT_DELIVERY]`,
    ]);
    expect(run.stderr).not.toContain('internal error');
    expect(readFileSync(state, 'utf8')).toBe(before);
    const next = await runCli(['fetch', '--state', state], { env: env() });
    expect(next.code, next.stderr).toBe(0);
    expect(pbidsOfLines(next.stdout)).toEqual(want);
  });
});

describe('the checkpoint lock', () => {
  it("a second fetcher exits 2 at once naming the holder; a SIGKILLed poller's lock is taken over", async () => {
    const { state } = seededState();
    const out = join(tempDir(), 'out.jsonl');
    const poller = spawn(process.execPath, [BIN, 'poll', '--state', state, '--out', out, '--interval', '1h'], {
      env: env(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = once(poller, 'exit');
    let stderr = '';
    await new Promise<void>((resolve) => {
      poller.stderr!.on('data', (c: Buffer) => {
        stderr += c.toString('utf8');
        if (stderr.includes('"msg":"fetch cycle done"')) resolve();
      });
    });
    const stateBefore = readFileSync(state, 'utf8');
    for (const args of [
      ['fetch', '--state', state],
      ['poll', '--state', state, '--cycles', '1'],
    ]) {
      const second = await runCli(args, { env: env() });
      expect(second.code).toBe(2);
      expect(second.stdout).toBe('');
      expect(second.stderr).toMatch(
        new RegExp(
          `^darktrace-soar: the fetch checkpoint .*state\\.json is in use by process ${poller.pid} on ${hostname()} since \\d{4}-\\d\\d-\\d\\dT[^ ]+Z: only one fetch or poll may use a checkpoint at a time \\[DT_STATE_LOCKED\\]\\n$`,
        ),
      );
    }
    expect(readFileSync(state, 'utf8')).toBe(stateBefore);

    poller.kill('SIGKILL');
    await exited;
    expect(existsSync(`${state}.lock`)).toBe(true); // left behind by the killed poller
    const after = await runCli(['poll', '--state', state, '--out', out, '--cycles', '1'], { env: env() });
    expect(after.code, after.stderr).toBe(0);
    const takeover = after.stderr.split('\n').filter((l) => l.includes('stale lock of a stopped fetcher taken over'));
    expect(takeover).toHaveLength(1);
    expect(JSON.parse(takeover[0]!)).toMatchObject({ stale: { pid: poller.pid, host: hostname() } });
    expect(existsSync(`${state}.lock`)).toBe(false); // released on a clean exit
    expect(pbidsOfLines(readFileSync(out, 'utf8'))).toEqual(expectedPbids(sim.state.breaches));
  });
});

describe('local file errors name the file and the errno, never "internal error"', () => {
  it.each([
    {
      name: 'a checkpoint in a missing folder',
      setup: (d: string) => ['--state', join(d, 'missing', 'state.json')],
      want: /^darktrace-soar: cannot create the lock file for .*missing\/state\.json: no such file or directory \(ENOENT\) \[DT_STATE_INVALID\]\n$/,
      code: 2,
    },
    {
      name: 'a checkpoint that is a folder',
      setup: (d: string) => (mkdirSync(join(d, 'state.json')), ['--state', join(d, 'state.json')]),
      want: /^darktrace-soar: cannot read the fetch checkpoint .*state\.json: it is a directory, not a file \(EISDIR\) \[DT_STATE_INVALID\]\n$/,
      code: 2,
    },
    {
      name: 'an out file that is a folder',
      setup: (d: string) => (mkdirSync(join(d, 'out.jsonl')), ['--state', join(d, 'state.json'), '--out', join(d, 'out.jsonl')]),
      want: /^darktrace-soar: cannot open the output file .*out\.jsonl: it is a directory, not a file \(EISDIR\); nothing was counted as delivered and the checkpoint did not move \[DT_DELIVERY\]\n$/,
      code: 1,
    },
  ])('$name', async ({ setup, want, code }) => {
    const run = await runCli(['fetch', ...setup(tempDir())], { env: env() });
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(
      run.stderr
        .split('\n')
        .filter((l) => !l.startsWith('{'))
        .join('\n'),
    ).toMatch(want);
  });
});

describe('stdout failing under a plain result write (run, commands)', () => {
  it.each([
    { name: 'commands, reader gone', args: ['commands'], stdout: 'pipe' as const, errno: 'the reader closed it (EPIPE)' },
    { name: 'commands, full disk', args: ['commands'], stdout: 'full' as const, errno: 'no space left on the device (ENOSPC)' },
    { name: 'run, full disk', args: ['run', '!darktrace-get-similar-devices did=1'], stdout: 'full' as const, errno: 'no space left on the device (ENOSPC)' },
  ])('$name: one line, DT_LOCAL_IO, exit 1, no stack', async ({ args, stdout, errno }) => {
    const fd = stdout === 'full' ? openSync('/dev/full', 'w') : undefined;
    const onSpawn = stdout === 'pipe' ? (child: ReturnType<typeof spawn>) => child.stdout!.destroy() : undefined;
    const run = await runWithStdout(args, fd ?? 'pipe', onSpawn).finally(() => fd !== undefined && closeSync(fd));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`darktrace-soar: cannot write the results to stdout: ${errno} [DT_LOCAL_IO]\n`);
  });
});

describe('files that would lose incidents or share a checkpoint', () => {
  it.each([
    { name: 'the checkpoint itself', out: (state: string) => state },
    { name: 'its lock', out: (state: string) => `${state}.lock` },
    { name: 'its quarantine', out: (state: string) => `${state}.quarantine.jsonl` },
  ])('--out naming $name is refused before anything is fetched', async ({ out }) => {
    const { state, before } = seededState();
    sim.requests.length = 0;
    const run = await runCli(['fetch', '--state', state, '--out', out(state)], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^darktrace-soar: --out .*: is the checkpoint given with --state, or its lock or quarantine file; give the incidents a file of their own \[DT_USAGE\]\n$/,
    );
    expect(sim.requests).toEqual([]);
    expect(readFileSync(state, 'utf8')).toBe(before);
  });

  it('a checkpoint reached through a symbolic link takes the same lock, and the link stays a link', async () => {
    const { state } = seededState();
    const link = join(tempDir(), 'link.json');
    symlinkSync(state, link);
    const poller = spawn(process.execPath, [BIN, 'poll', '--state', state, '--interval', '1h'], { env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      // The holder is known once its first cycle line is logged.
      for await (const chunk of poller.stderr!) if (String(chunk).includes('fetch cycle done')) break;
      const second = await runCli(['fetch', '--state', link], { env: env() });
      expect(second.code).toBe(2);
      expect(second.stderr).toContain(`is in use by process ${poller.pid} on ${hostname()}`);
    } finally {
      poller.kill('SIGTERM');
      await once(poller, 'close');
    }
    const after = await runCli(['fetch', '--state', link], { env: env() });
    expect(after.code, after.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it.each([
    { name: '25h', text: '25h' },
    { name: 'past what a timer holds', text: '24856h' },
  ])('--interval $name is refused as longer than a day', async ({ text }) => {
    const { state } = seededState();
    const run = await runCli(['poll', '--state', state, '--interval', text], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `darktrace-soar: --interval: ${text} is longer than the 24 h maximum; for less frequent fetches run \`fetch\` from a scheduler [DT_USAGE]\n`,
    );
  });
});
