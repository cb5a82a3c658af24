// Issue #12, points 8 and 9 as an operator meets them through the real CLI: a device host name
// carrying terminal escapes (DHCP/DNS names are attacker-controlled), an oversized exec request,
// and local files and ports that fail.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXEC_MAX_REQUEST_BYTES } from '../../src/cli/exec.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { BIN, runCli, tempDir } from '../helpers/run-cli.js';

// ESC ] 0 ; title BEL retitles the terminal window; ESC [ 2 J clears the screen.
const HOSTILE = 'ws-07\x1b]0;owned\x07\x1b[2J\u202egpj.exe';
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const line = '!darktrace-get-similar-devices did=1 max_results=2';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS] });
  const similar = sim.state.similarDevices['1'];
  if (!similar?.[0]) throw new Error('the dataset has no similar devices for did 1');
  similar[0] = { ...similar[0], hostname: HOSTILE };
});
afterAll(() => sim.close());

describe('terminal escapes in appliance data', () => {
  it.each([
    // Markdown escapes the backslash of the visible escape; a platform shows `\u001b`.
    { name: 'run, markdown', argv: ['run', line], shown: 'ws-07\\\\u001b]0;owned\\\\u0007\\\\u001b[2J\\\\u202egpj.exe' },
    { name: 'war room', argv: ['war-room'], input: `${line}\nexit\n`, shown: 'ws-07\\u001b]0;owned\\u0007\\u001b[2J\\u202egpj.exe' },
  ])('$name: no raw control character reaches stdout or stderr; the escape is visible', async ({ argv, input, shown }) => {
    const run = await runCli(argv, {
      env: { ...instanceEnv(sim.url), DARKTRACE_SOAR_HISTORY: join(tempDir(), 'h'), COLUMNS: '250' },
      ...(input ? { input } : {}),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain(shown);
  });

  it('an appliance error text with escapes reaches stderr only as visible escapes', async () => {
    sim.faults.clear();
    sim.faults.push({ kind: 'status', status: 400, body: JSON.stringify({ error: `INPUT ERROR ${HOSTILE}` }) }, 1);
    const run = await runCli(['run', line, '--verbose'], { env: { ...instanceEnv(sim.url), DARKTRACE_SOAR_RETRIES: '0' } });
    sim.faults.clear();
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toContain('ws-07\\u001b]0;owned\\u0007\\u001b[2J\\u202egpj.exe');
  });

  it('run --json keeps the host name exactly as the appliance sent it', async () => {
    const run = await runCli(['run', line, '--json'], { env: instanceEnv(sim.url) });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    const result = JSON.parse(run.stdout) as { outputs: { 'Darktrace.SimilarDevices': { devices: Array<{ hostname?: string }> } }; readable: string };
    expect(result.outputs['Darktrace.SimilarDevices'].devices.map((d) => d.hostname)).toContain(HOSTILE);
    expect(result.readable).not.toMatch(RAW_CONTROL);
  });

  it('exec keeps the host name exactly in its JSON answer', async () => {
    const request = {
      command: 'darktrace-get-similar-devices',
      args: { did: 1, max_results: 2 },
      params: { url: sim.url, public_api_token: CANARY_TOKENS.publicToken, private_api_token: CANARY_TOKENS.privateToken },
    };
    const run = await runCli(['exec'], { input: JSON.stringify(request) });
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { results: { outputs: { 'Darktrace.SimilarDevices': { devices: Array<{ hostname?: string }> } } } };
    expect(answer.results.outputs['Darktrace.SimilarDevices'].devices.map((d) => d.hostname)).toContain(HOSTILE);
  });
});

describe('input limits', () => {
  it('a 150 MB exec request is answered in JSON (exit 2) after reading little more than the 16 MiB limit', async () => {
    const child = spawn(process.execPath, [BIN, 'exec'], { env: { PATH: process.env.PATH ?? '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const closed = once(child, 'close');
    const MiB = 1024 * 1024;
    let offered = 0;
    // JSON whitespace: the request would be valid if it were ever read to its end.
    const body = Readable.from(
      (function* () {
        for (; offered < 150; offered++) yield Buffer.alloc(MiB, 0x20);
      })(),
    );
    // The CLI stops reading and exits: the write side then ends with EPIPE or a premature close.
    const piped = await pipeline(body, child.stdin).then(
      () => 'all written',
      (err: NodeJS.ErrnoException) => err.code,
    );
    const [code] = (await closed) as [number | null];
    expect(code).toBe(2);
    expect(piped).not.toBe('all written');
    expect(offered).toBeLessThan(150);
    expect(offered * MiB).toBeGreaterThan(EXEC_MAX_REQUEST_BYTES);
    expect(JSON.parse(stdout)).toEqual({
      ok: false,
      error: { code: 'DT_USAGE', message: 'exec request is larger than 16 MiB (16777216 bytes); it was not read further', exitCode: 2 },
    });
  });

  it('a war-room line over the limit is refused before it is parsed, and kept out of the history', async () => {
    const history = join(tempDir(), 'h');
    const command = `!darktrace-get-similar-devices did=${'1'.repeat(4 * 1024 * 1024)}`;
    const run = await runCli(['war-room'], { input: `${command}\n${line}\nexit\n`, env: { ...instanceEnv(sim.url), DARKTRACE_SOAR_HISTORY: history } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`error: the command line is ${command.length} characters; it may be at most 4194304 (an argument at most 1 MiB) [DT_USAGE]`);
    expect(readFileSync(history, 'utf8')).toBe(`${line}\n`);
  });
});

describe('local files and ports', () => {
  let holder: Server;
  beforeAll(async () => {
    holder = createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
  });
  afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('simulate --port on a port in use: the port and the errno in words, exit 1', async () => {
    const port = (holder.address() as { port: number }).port;
    const run = await runCli(['simulate', '--port', String(port)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `darktrace-soar: cannot listen on 127.0.0.1:${port}: the address is already in use (EADDRINUSE); another process listens there: choose another port with --port [DT_LOCAL_IO]\n`,
    );
  });

  it.each([
    {
      name: 'a config file that does not exist',
      argv: (dir: string) => ['test', '--config', join(dir, 'missing.yml')],
      want: (dir: string) => `cannot read ${join(dir, 'missing.yml')}: no such file or directory (ENOENT)`,
      code: 2,
    },
    {
      name: 'a config path that is a directory',
      argv: (dir: string) => ['test', '--config', dir],
      want: (dir: string) => `cannot read ${dir}: it is a directory, not a file (EISDIR)`,
      code: 2,
    },
  ])('$name: named with the errno in words, never "internal error"', async ({ argv, want, code }) => {
    const dir = tempDir();
    const run = await runCli(argv(dir));
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(want(dir));
    expect(run.stderr).not.toContain('internal error');
  });
});
