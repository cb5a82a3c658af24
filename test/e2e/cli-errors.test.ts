// The core's acceptance, end to end: the compiled CLI as a child process, the simulator on a
// loopback port, real sockets and real TLS. Faults come from the simulator's queue; no sleeps.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli } from '../helpers/run-cli.js';

const tokens = [CANARY_TOKENS, { ...CANARY_TOKENS, publicToken: 'canary-readonly-public', permissions: 'read-only' as const }];
let sim: RunningSimulator;
let tlsSim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ tokens });
  tlsSim = await startSimulator({ tokens, tls: true });
});
afterAll(async () => {
  await sim.close();
  await tlsSim.close();
});
beforeEach(() => {
  sim.faults.clear();
  sim.setSkew(0);
  sim.requests.length = 0;
});

// Backoff without delays: the CLI reads its retry timing from the environment (passed in, never patched).
const fastRetry = { DARKTRACE_SOAR_RETRY_MIN_MS: '0' };
const similar = ['run', '!darktrace-get-similar-devices did=1 max_results=2'];

describe('test-module', () => {
  it('prints ok against the simulator', async () => {
    const run = await runCli(['test'], { env: instanceEnv(sim.url) });
    expect(run).toMatchObject({ code: 0, stdout: 'ok\n' });
    const logged = run.stderr
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; dtapiDateFormat?: string });
    expect(logged.map((l) => [l.msg, l.dtapiDateFormat])).toEqual([['DTAPI-Date format accepted', 'YYYYMMDDTHHMMSS']]);
    // Legacy (non-advanced-search) configurations also prove devices can be read (seed 001).
    expect(sim.requests.map((r) => r.path)).toEqual(['/status', '/devices']);
  });

  it('names the authentication failure for a wrong private token (exit 1)', async () => {
    const run = await runCli(['test'], { env: { ...instanceEnv(sim.url), DARKTRACE_PRIVATE_API_TOKEN: 'wrong-private' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/signature.*\[DT_AUTH\]/i);
    expect(run.stderr).toContain('private_api_token');
  });

  it('names clock skew and by how much when the clocks are 45 minutes apart', async () => {
    sim.setSkew(-45 * 60_000);
    const run = await runCli(['test'], { env: instanceEnv(sim.url) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[DT_CLOCK_SKEW]');
    expect(run.stderr).toMatch(/45 minutes ahead of the appliance/);
  });

  it('works 10 minutes off, with a warning in the log', async () => {
    sim.setSkew(10 * 60_000);
    const run = await runCli(['test'], { env: instanceEnv(sim.url) });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('ok\n');
    const warning = run.stderr
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; skewMs: number; level: number });
    expect(warning.some((l) => /clock skew/i.test(l.msg) && Math.abs(Math.abs(l.skewMs) - 600_000) < 5_000 && l.level === 40)).toBe(true);
  });
});

describe('appliance and network failures', () => {
  it('succeeds after two 503s (retried)', async () => {
    sim.faults.push({ kind: 'status', status: 503 }, 2);
    const run = await runCli(similar, { env: { ...instanceEnv(sim.url), ...fastRetry } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('List of similar devices to device:1:');
    expect(sim.requests.filter((r) => r.path === '/similardevices')).toHaveLength(3);
    expect(run.stderr).toContain('retrying');
  });

  it('does not retry a 400', async () => {
    sim.faults.push({ kind: 'status', status: 400, body: '{"error":"INPUT ERROR"}' });
    const run = await runCli(similar, { env: instanceEnv(sim.url) });
    expect(run.code).toBe(1);
    expect(sim.requests).toHaveLength(1);
    expect(run.stderr).toContain('[DT_REJECTED]');
  });

  it.each([
    { name: 'reset connection', fault: { kind: 'reset' as const }, code: 'DT_NETWORK', env: {} },
    { name: 'timeout', fault: { kind: 'delay' as const, ms: 4_000 }, code: 'DT_TIMEOUT', env: { timeout: '1' } },
    { name: 'malformed JSON', fault: { kind: 'malformed' as const }, code: 'DT_BAD_RESPONSE', env: {} },
    { name: 'HTML login page', fault: { kind: 'html-login' as const }, code: 'DT_BAD_RESPONSE', env: {} },
    {
      name: '302 to /403',
      fault: { kind: 'status' as const, status: 302, headers: { location: '/403' }, body: 'Found. Redirecting to /403' },
      code: 'DT_PERMISSION',
      env: {},
    },
  ])('$name gives a clear $code error', async ({ fault, code, env }) => {
    sim.faults.push(fault, 10);
    const run = await runCli(similar, { env: { ...instanceEnv(sim.url, env.timeout ? { timeout: env.timeout } : {}), ...fastRetry } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const line = run.stderr.split('\n').find((l) => l.startsWith('darktrace-soar: '));
    expect(line).toContain(`[${code}]`);
    if (code === 'DT_PERMISSION') expect(line).toMatch(/permission/i);
  });
});

describe('TLS', () => {
  it('fails on a self-signed certificate by default', async () => {
    const run = await runCli(['test'], { env: instanceEnv(tlsSim.url) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[DT_TLS]');
    expect(run.stderr).toContain('insecure');
  });

  it('works with insecure: true', async () => {
    const run = await runCli(['test'], { env: instanceEnv(tlsSim.url, { insecure: true }) });
    expect(run).toMatchObject({ code: 0, stdout: 'ok\n' });
  });
});

describe('bad input exits 2, names the argument, sends nothing', () => {
  it.each([
    { name: 'missing required argument', line: '!darktrace-get-similar-devices max_results=2', text: 'argument did' },
    { name: 'unknown argument', line: '!darktrace-get-similar-devices did=1 colour=red', text: 'argument colour' },
    {
      name: 'non-integer',
      line: '!darktrace-get-similar-devices did=one',
      text: 'argument did of darktrace-get-similar-devices: expected a positive integer, got "one"',
    },
    { name: 'unterminated quote', line: '!darktrace-get-similar-devices did="1', text: 'argument did' },
    { name: 'unknown command', line: '!darktrace-does-not-exist', text: 'unknown command' },
  ])('$name', async ({ line, text }) => {
    const run = await runCli(['run', line], { env: instanceEnv(sim.url) });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(text);
    expect(sim.requests).toHaveLength(0);
  });

  it('a bad configuration exits 2 naming the parameter', async () => {
    const run = await runCli(['test'], { env: instanceEnv(sim.url, { min_score: 'high' }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('min_score (DARKTRACE_MIN_SCORE): expected an integer from 0 to 100, got "high"');
    expect(sim.requests).toHaveLength(0);
  });

  it.each([
    { name: 'unknown subcommand', argv: ['frobnicate'], text: 'darktrace-soar: unknown subcommand "frobnicate"; the subcommands are run, test,' },
    {
      name: 'unknown option',
      argv: ['test', '--colour'],
      text: 'darktrace-soar: Unknown option \'--colour\'; run "darktrace-soar --help" for the options [DT_USAGE]',
    },
  ])('$name: exit 2, one line on stderr, nothing on stdout', async ({ argv, text }) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(text);
  });

  it('no subcommand without a terminal: usage on stderr, exit 2, stdout empty', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^usage: darktrace-soar <subcommand>/);
  });

  it('--help prints the usage on stdout and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: darktrace-soar <subcommand>/);
  });
});

describe('--json', () => {
  it('prints one JSON object with command, outputs, readable and raw', async () => {
    const run = await runCli([...similar, '--json'], { env: instanceEnv(sim.url) });
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(answer)).toEqual(['command', 'outputs', 'readable', 'raw']);
    expect(answer.command).toBe('darktrace-get-similar-devices');
    expect((answer.outputs as Record<string, { deviceId: number }>)['Darktrace.SimilarDevices']?.deviceId).toBe(1);
  });
});
