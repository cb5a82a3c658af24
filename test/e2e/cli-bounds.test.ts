// Issue #12 end to end: the compiled CLI against hostile loopback servers and the simulator.
// - an endless body stops at max_response_mb, with peak RSS under the cap plus a fixed margin;
// - a body sent a byte at a time ends at the whole-answer deadline;
// - a comment whose answer is lost after the appliance stored it is posted once and verified;
// - an appliance that refuses the compact DTAPI-Date is served in the other form, and `test` says so.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { hostileServers } from '../helpers/hostile-server.js';
import { BIN, runCli } from '../helpers/run-cli.js';
import { startTestSimulator } from '../helpers/start-simulator.js';

/** The child reports its own peak RSS (getrusage ru_maxrss, KiB) on stderr as it exits. */
const REPORT_MAX_RSS = 'data:text/javascript,process.on("exit",()=>process.stderr.write(`maxrss_kb=${process.resourceUsage().maxRSS}\\n`))';

async function runMeasured(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string; maxRssMb: number }> {
  const child = spawn(process.execPath, ['--import', REPORT_MAX_RSS, BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  const kb = Number(/maxrss_kb=(\d+)/.exec(stderr)?.[1]);
  return { code, stderr: stderr.replace(/maxrss_kb=\d+\n/, ''), maxRssMb: kb / 1024 };
}

const hostile = hostileServers();

function endless(res: ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('[');
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

const ONE_ATTEMPT = { DARKTRACE_SOAR_RETRIES: '0' };
const CAP_MB = 8;
/** Node, the CLI and undici's buffers besides the body; measured baseline is in the test's log line. */
const MARGIN_MB = 64;

describe('response bounds (CLI as a child process)', () => {
  it('an endless body ends with DT_RESPONSE_TOO_LARGE, the connection closed, RSS under cap + margin', async () => {
    const small = await hostile((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
    const baseline = await runMeasured(['run', '!darktrace-get-similar-devices did=1'], { ...instanceEnv(small.url), ...ONE_ATTEMPT });
    expect(baseline.code).toBe(0);

    const server = await hostile((_req, res) => endless(res));
    const run = await runMeasured(['run', '!darktrace-get-similar-devices did=1'], { ...instanceEnv(server.url, { max_response_mb: CAP_MB }) });
    await server.closed();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[DT_RESPONSE_TOO_LARGE]');
    expect(run.stderr).toContain(`max_response_mb limit of ${CAP_MB} MB`);
    expect(run.stderr).not.toMatch(/could not reach|retrying/i);
    // Reported for the issue: peak RSS of the capped run against the same command on a tiny answer.
    process.stderr.write(`[cli-bounds] peak RSS: ${run.maxRssMb.toFixed(1)} MB capped endless body, ${baseline.maxRssMb.toFixed(1)} MB tiny answer\n`);
    expect(run.maxRssMb).toBeLessThan(baseline.maxRssMb + CAP_MB + MARGIN_MB);
  });

  it('a 5 GiB Content-Length is refused before reading', async () => {
    const server = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(5 * 2 ** 30) });
      res.write('[');
    });
    const run = await runCli(['run', '!darktrace-get-similar-devices did=1'], { env: instanceEnv(server.url) });
    await server.closed();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('max_response_mb limit of 256 MB (it announced 5 GB)');
    expect(run.stderr).toContain('[DT_RESPONSE_TOO_LARGE]');
  });

  it('an answer trickling in ends at the whole-answer deadline', async () => {
    // A byte every 200 ms never trips an idle timeout of 1 s; the deadline for the whole answer does.
    const server = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 200);
      res.on('close', () => clearInterval(timer));
    });
    const run = await runCli(['run', '!darktrace-get-similar-devices did=1'], { env: { ...instanceEnv(server.url, { timeout: 1 }), ...ONE_ATTEMPT } });
    await server.closed();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('was too slow: the whole answer did not arrive within the timeout of 1 s');
    expect(run.stderr).toContain('[DT_TIMEOUT]');
  });
});

const sim = await startTestSimulator({ tokens: [{ ...CANARY_TOKENS }] });
const compactRefusing = await startTestSimulator({ tokens: [{ ...CANARY_TOKENS }], rejectCompactDate: true });

describe('writes whose answer is lost (simulator)', () => {
  const env = { ...instanceEnv(sim.url, { timeout: 1 }), DARKTRACE_SOAR_RETRY_MIN_MS: '0' };
  beforeEach(() => {
    sim.faults.clear();
    sim.requests.length = 0;
  });
  const posts = () => sim.requests.filter((r) => r.method === 'POST').map((r) => r.path);

  it('a comment stored by the appliance whose answer times out is posted once and verified', async () => {
    sim.faults.push({ kind: 'delay-answer', ms: 10_000 });
    const run = await runCli(['run', '--json', '!darktrace-post-comment-to-model-breach pbid=30953 message="lost answer, stored once"'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      outputs: { 'Darktrace.ModelBreachComment': { pbid: 30953, message: 'lost answer, stored once' } },
      readable: expect.stringContaining("the answer was lost; found among the breach's comments") as unknown,
    });
    expect(posts()).toEqual(['/modelbreaches/30953/comments']);
    const stored = sim.state.comments.filter((c) => c.pbid === 30953 && c.message === 'lost answer, stored once');
    expect(stored).toHaveLength(1);
  });

  it.each([
    {
      name: 'comment reset before it was stored',
      line: '!darktrace-post-comment-to-model-breach pbid=30953 message="never stored"',
      post: '/modelbreaches/30953/comments',
    },
    {
      name: 'tag refused with a 503',
      line: '!darktrace-post-tag-to-device deviceId=1 tagName="Admin"',
      post: '/tags/entities',
      fault: { kind: 'status', status: 503 } as const,
    },
  ])('$name: DT_WRITE_NOT_APPLIED after reading back, sent once', async ({ line, post, fault }) => {
    sim.faults.push(fault ?? { kind: 'reset' });
    const run = await runCli(['run', line], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[DT_WRITE_NOT_APPLIED]');
    expect(run.stderr).toContain('was not applied; it was sent once, not repeated');
    expect(posts()).toEqual([post]);
  });

  it('a watched-list update whose answer is lost is verified from the list', async () => {
    sim.faults.push({ kind: 'delay-answer', ms: 10_000 });
    const run = await runCli(['run', '--json', '!darktrace-post-to-watched-list endpointsToWatch="lost-answer.example,198.51.100.77"'], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      outputs: { 'Darktrace.Endpoint': { Watched: true, endpoints: ['lost-answer.example', '198.51.100.77'], response: 'VERIFIED' } },
      readable: expect.stringContaining('The answer was lost; every endpoint sent is on the watched list now.') as unknown,
    });
    expect(posts()).toEqual(['/intelfeed']);
    expect(sim.state.intelfeed.filter((e) => e.name === 'lost-answer.example')).toHaveLength(1);
  });

  it('an acknowledgement whose answer is lost is verified from the breach', async () => {
    sim.faults.push({ kind: 'delay-answer', ms: 10_000 });
    const run = await runCli(['run', '--json', '!darktrace-acknowledge-model-breach pbid=30956'], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ readable: expect.stringContaining('the breach reads back as acknowledged') as unknown });
    expect(posts()).toEqual(['/modelbreaches/30956/acknowledge']);
  });
});

describe('DTAPI-Date fallback (simulator refusing the compact form)', () => {
  it('test succeeds in the other form and says which', async () => {
    const run = await runCli(['test'], { env: instanceEnv(compactRefusing.url) });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('ok\n');
    expect(run.stderr).toMatch(/"dtapiDateFormat":"YYYY-MM-DD HH:MM:SS".*"msg":"DTAPI-Date format accepted"/);
    // status: refused once, then accepted; devices: accepted at once in the kept form.
    expect(compactRefusing.requests.map((r) => [r.path, r.status])).toEqual([
      ['/status', 400],
      ['/status', 200],
      ['/devices', 200],
    ]);
  });
});
