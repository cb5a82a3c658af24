// The CLI for a person at a terminal: tables instead of markdown on a TTY, markdown when piped,
// help that fits each place, --version, and "did you mean" for typos.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runInPty } from '../helpers/pty.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS] });
});
afterAll(async () => {
  await sim.close();
});

const RUN = ['run', '!darktrace-get-similar-devices did=1 max_results=2'];

describe('terminal-aware output', () => {
  it('run on a terminal prints a table, no markdown', async () => {
    const { code, text } = await runInPty(RUN, { ...instanceEnv(sim.url), COLUMNS: '120' });
    expect(code).toBe(0);
    expect(text).not.toContain('| --- |');
    expect(text).toContain('List of similar devices to device:1:\n────');
    expect(text).toMatch(/\n823 +ip-172-31-32-1/);
  });

  it('run piped prints the markdown the platform stores', async () => {
    const run = await runCli(RUN, { env: instanceEnv(sim.url) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('| --- |');
    expect(run.stdout).toContain('### List of similar devices to device:1:');
  });

  it('--markdown on a terminal prints markdown', async () => {
    const { code, text } = await runInPty([...RUN, '--markdown'], instanceEnv(sim.url));
    expect(code).toBe(0);
    expect(text).toContain('| --- |');
  });

  it.each([
    { name: 'commands', args: ['commands'], want: 'darktrace-get-similar-devices' },
    { name: 'help COMMAND', args: ['help', 'darktrace-get-similar-devices'], want: 'Arguments\n─────────' },
  ])('$name on a terminal is a table', async ({ args, want }) => {
    const { code, text } = await runInPty(args);
    expect(code).toBe(0);
    expect(text).toContain(want);
    expect(text).not.toContain('| --- |');
  });

  it('the demo on a terminal is tables all the way', async () => {
    const { code, text } = await runInPty(['demo'], { COLUMNS: '120' });
    expect(code).toBe(0);
    expect(text).toContain('Test the connection (test-module)\n═════');
    expect(text).toContain('Demo complete: every step succeeded.');
    expect(text).not.toContain('| --- |');
    expect(text).not.toContain('"msg"');
  });

  it('logs on a terminal are short lines, not JSON, and NO_COLOR turns colour off', async () => {
    // A name that cannot resolve: reported once, never retried (ENOTFOUND is permanent).
    const env = { ...instanceEnv('https://no-such-host.invalid'), NO_COLOR: '1', DARKTRACE_SOAR_RETRY_MIN_MS: '0' };
    const { code, text } = await runInPty(['run', '!darktrace-get-similar-devices did=1', '--verbose'], env);
    expect(code).toBe(1);
    expect(text).toMatch(/\d\d:\d\d:\d\d DEBUG darktrace request method=GET path=\/similardevices attempt=1 /);
    expect(text).not.toContain('"msg"');
    expect(text).not.toMatch(/\u001b\[\d*m/); // no colour (erasing a progress line is no colour)
    expect(text).not.toContain('retrying');
    expect(text).toContain('ENOTFOUND');
  });

  it('piped logs stay JSON lines', async () => {
    const run = await runCli(['run', '!darktrace-get-similar-devices did=1', '--verbose'], { env: instanceEnv(sim.url) });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stderr.split('\n')[0] ?? '')).toMatchObject({ msg: 'darktrace request', path: '/similardevices' });
  });
});

describe('progress of a long job', () => {
  const VALIDATE = ['validate', '--ips', '10.0.0.31', '--start', '2026-03-01T11:55:00Z', '--now', '2026-03-01T11:55:00Z'];
  it('validate on a terminal shows windows done / total and the next run time on stderr, then a table', async () => {
    const { code, text } = await runInPty(VALIDATE, instanceEnv(sim.url));
    expect(code).toBe(0);
    // Default schedule: 5 minutes in 30-second steps, 11 windows, the first due at the action.
    expect(text).toContain('validate: 1/11 windows done, next run at 11:55:30 UTC');
    expect(text).toContain('validate: 10/11 windows done, next run at 12:00:00 UTC');
    expect(text).toContain('Security validation: FAIL\n');
    expect(text).not.toContain('| --- |');
  });

  it('a slow fetch on a terminal says it is waiting for the appliance, then delivers', async () => {
    const state = join(tempDir(), 'state.json');
    // The answer is held back; progress is asked for at once (DARKTRACE_SOAR_PROGRESS_AFTER_MS=0).
    sim.faults.push({ kind: 'delay', ms: 1_500 });
    const env = { ...instanceEnv(sim.url, { isFetch: true, first_fetch: '2026-02-27' }), DARKTRACE_SOAR_PROGRESS_AFTER_MS: '0' };
    const { code, text } = await runInPty(['fetch', '--state', state], env);
    expect(code).toBe(0);
    expect(text).toContain('fetch: waiting for the appliance, 0 s');
    expect(text).toMatch(/"dbotMirrorId":"\d+"/);
  });

  it('piped, validate writes no progress', async () => {
    const run = await runCli(VALIDATE, { env: instanceEnv(sim.url) });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('### Security validation: FAIL');
  });
});

describe('help that fits each place', () => {
  const version = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;

  it.each([
    { name: '--version', args: ['--version'], want: [`darktrace-soar ${version}\n`] },
    { name: 'fetch --help', args: ['fetch', '--help'], want: ['usage: darktrace-soar fetch', '--state FILE', '--out FILE', 'example:'] },
    { name: 'poll --help', args: ['poll', '--help'], want: ['usage: darktrace-soar poll', '--interval TIME', 'example:'] },
    { name: 'validate --help', args: ['validate', '--help'], want: ['usage: darktrace-soar validate', '--start TIME', '--ips A,B', 'example:'] },
    { name: 'exec --help is text, not a JSON error', args: ['exec', '--help'], want: ['usage: darktrace-soar exec', '"command"'] },
    { name: 'help run', args: ['help', 'run'], want: ['usage: darktrace-soar run', '--json', 'example:'] },
    { name: 'help fetch', args: ['help', 'fetch'], want: ['--state FILE'] },
    { name: 'global --help', args: ['--help'], want: ['usage: darktrace-soar <subcommand>', '--version'] },
  ])('$name prints its own text and exits 0', async ({ args, want }) => {
    const run = await runCli(args);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    for (const w of want) expect(run.stdout).toContain(w);
    expect(run.stdout).not.toMatch(/"ok":false/);
  });

  it.each([
    { name: 'subcommand', args: ['valdate'], want: 'unknown subcommand "valdate"; did you mean "validate"?' },
    { name: 'option', args: ['poll', '--intervall', '5m'], want: `Unknown option '--intervall'; did you mean "--interval"?` },
    { name: 'war-room command', args: ['run', '!darktrace-get-similar-device did=1'], want: 'did you mean "darktrace-get-similar-devices"?' },
    {
      name: 'argument',
      args: ['run', '!darktrace-get-similar-devices dd=1'],
      want: 'argument dd of darktrace-get-similar-devices: is not an argument of darktrace-get-similar-devices; did you mean "did"?',
    },
    { name: 'help COMMAND', args: ['help', 'darktrace-get-modl-breach'], want: 'did you mean "darktrace-get-model-breach"?' },
    {
      name: 'DARKTRACE_ variable',
      args: ['run', '!darktrace-get-similar-devices did=1'],
      env: { DARKTRACE_MIN_SCOR: '50' },
      want: 'DARKTRACE_MIN_SCOR: not a parameter of this integration; did you mean DARKTRACE_MIN_SCORE?',
    },
  ])('a typo gets a suggestion: $name', async ({ args, env, want }) => {
    const run = await runCli(args, { env: { ...instanceEnv(sim.url), ...env } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(want);
  });

  it('an unrelated DARKTRACE_ variable does not stop a command; --verbose logs that it was ignored', async () => {
    const run = await runCli([...RUN, '--verbose'], { env: { ...instanceEnv(sim.url), DARKTRACE_HOME: '/opt/other-tool' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('### List of similar devices');
    const lines = run.stderr
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 20, variable: 'DARKTRACE_HOME', msg: 'environment variable ignored: not a parameter of this integration' }),
    );
    expect(run.stderr).not.toContain('/opt/other-tool');
  });
});

describe('simulate', () => {
  it('coveringFirstFetch is the day before the oldest breach', async () => {
    const { coveringFirstFetch } = await import('../../src/cli/simulate.js');
    expect(coveringFirstFetch([Date.parse('2026-03-01T09:00:00Z'), Date.parse('2026-02-28T23:59:00Z')])).toBe('2026-02-27');
    expect(coveringFirstFetch([])).toBeUndefined();
  });
});
