// The execution protocol platforms rely on: one JSON request in, exactly one JSON document out,
// exit 0 even when the command failed, exit 2 only for a request that is not JSON or not of the shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWarRoomLine } from '../../src/cli/war-room-line.js';
import { loadManifest } from '../../src/manifest/load.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS } from '../helpers/canary-params.js';
import { runCli } from '../helpers/run-cli.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS] });
});
afterAll(async () => {
  await sim.close();
});

const params = () => ({
  url: sim.url,
  public_api_token: CANARY_TOKENS.publicToken,
  private_api_token: CANARY_TOKENS.privateToken,
  isFetch: true,
  first_fetch: '2026-02-28',
  min_score: 0,
});

interface Answer {
  ok: boolean;
  results?: { command?: string; outputs?: Record<string, unknown>; readable?: string } | 'ok' | null;
  error?: { code: string; message: string; exitCode: number };
  incidents?: Array<{ dbotMirrorId: string }>;
  quarantined?: Array<{ reason: string; field: string; pbid?: string; record: Record<string, unknown> }>;
  lastRun?: unknown;
}

async function exec(request: unknown): Promise<{ code: number | null; answer: Answer; stdout: string }> {
  const run = await runCli(['exec'], { input: typeof request === 'string' ? request : JSON.stringify(request), env: { DARKTRACE_SOAR_RETRY_MIN_MS: '0' } });
  const lines = run.stdout.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  return { code: run.code, answer: JSON.parse(lines[0] ?? 'null') as Answer, stdout: run.stdout };
}

const examples = loadManifest()
  .script.commands.filter((c) => c.example)
  .map((c) => ({ name: c.name, ...parseWarRoomLine(c.example ?? '') }));

describe('exec: every manifest command through the protocol', () => {
  it.each(examples)('$name', async ({ name, command, args }) => {
    const { code, answer } = await exec({ command, args, params: params() });
    expect(code).toBe(0);
    expect(answer.ok).toBe(true);
    const results = answer.results as { command: string; readable: string; outputs: Record<string, unknown> };
    expect(results.command).toBe(name);
    expect(results.readable).toMatch(/^### /);
    expect(typeof results.outputs).toBe('object');
  });
});

describe('exec: test-module and fetch-incidents', () => {
  it('test-module answers ok', async () => {
    const { code, answer } = await exec({ command: 'test-module', params: params() });
    expect(code).toBe(0);
    expect(answer).toEqual({ ok: true, results: 'ok' });
  });

  it('fetch-incidents returns incidents and a checkpoint that the next call continues from', async () => {
    const first = await exec({ command: 'fetch-incidents', params: { ...params(), max_alerts: 3 } });
    expect(first.code).toBe(0);
    expect(first.answer.ok).toBe(true);
    expect(first.answer.incidents).toHaveLength(3);
    const second = await exec({ command: 'fetch-incidents', params: { ...params(), max_alerts: 3 }, lastRun: first.answer.lastRun });
    const ids = [...(first.answer.incidents ?? []), ...(second.answer.incidents ?? [])].map((i) => i.dbotMirrorId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(second.answer.incidents?.length).toBeGreaterThan(0);
  });

  it('fetch-incidents returns a record it cannot deliver apart, under quarantined, with reason and field', async () => {
    const template = sim.state.breaches[0]!;
    const poisoned = { ...structuredClone(template), pbid: 4242.5 };
    sim.state.breaches.push(poisoned);
    try {
      const { code, answer } = await exec({ command: 'fetch-incidents', params: { ...params(), max_alerts: 1000 } });
      expect(code).toBe(0);
      expect(answer.ok).toBe(true);
      // The record as the appliance answered it (the simulator adds breachUrl).
      expect(answer.quarantined).toEqual([
        {
          stream: 'model-breaches',
          reason: 'pbid is 4242.5, expected an integer',
          field: 'pbid',
          pbid: '4242.5',
          record: expect.objectContaining(JSON.parse(JSON.stringify(poisoned))),
        },
      ]);
      expect(answer.incidents?.map((i) => i.dbotMirrorId)).not.toContain('4242.5');
      expect(answer.incidents?.length).toBeGreaterThan(0);
    } finally {
      sim.state.breaches.splice(sim.state.breaches.indexOf(poisoned), 1);
    }
  });

  it('a version-1 lastRun (from before streams) continues exactly where its version-2 twin does', async () => {
    const p = { ...params(), max_alerts: 3 };
    const ids = (a: Answer) => (a.incidents ?? []).map((i) => i.dbotMirrorId);
    const first = await exec({ command: 'fetch-incidents', params: p });
    const v2 = first.answer.lastRun as { version: number; streams: Record<string, Record<string, unknown>> };
    expect(v2.version).toBe(2);
    expect(Object.keys(v2.streams)).toEqual(['model-breaches']);
    // What an older darktrace-soar handed out: the model-breach fields at the top level.
    const v1 = { version: 1, ...v2.streams['model-breaches'] };
    const fromV2 = await exec({ command: 'fetch-incidents', params: p, lastRun: v2 });
    const fromV1 = await exec({ command: 'fetch-incidents', params: p, lastRun: v1 });
    expect(fromV1.answer.ok).toBe(true);
    expect(ids(fromV1.answer)).toHaveLength(3);
    expect(ids(fromV1.answer)).toEqual(ids(fromV2.answer));
    expect(fromV1.answer.lastRun).toEqual(fromV2.answer.lastRun);
    // Nothing delivered again, nothing skipped: the two cycles are the first six of a fresh fetch.
    const six = await exec({ command: 'fetch-incidents', params: { ...params(), max_alerts: 6 } });
    expect([...ids(first.answer), ...ids(fromV1.answer)]).toEqual(ids(six.answer));
  });

  it('fetch-incidents refuses a lastRun later than now, naming it', async () => {
    const lastRun = { version: 1, creationTimeMs: Date.parse('2099-01-01T00:00:00Z'), recent: [] };
    const { code, answer } = await exec({ command: 'fetch-incidents', params: params(), lastRun });
    expect(code).toBe(0);
    expect(answer.ok).toBe(false);
    expect(answer.error?.code).toBe('DT_STATE_INVALID');
    expect(answer.error?.message).toMatch(/^the fetch checkpoint lastRun is at 2099-01-01T00:00:00\.000Z, later than now/);
  });
});

describe('exec: failures are answers', () => {
  it.each([
    { name: 'not JSON', request: '{"command": ', exit: 2, code: 'DT_USAGE' },
    { name: 'not the shape: params missing', request: { command: 'test-module' }, exit: 2, code: 'DT_USAGE' },
    { name: 'not the shape: extra key', request: { command: 'test-module', params: {}, colour: 'red' }, exit: 2, code: 'DT_USAGE' },
    { name: 'unknown command', request: { command: 'darktrace-nope', params: 'PARAMS' }, exit: 0, code: 'DT_USAGE' },
    { name: 'required parameters missing', request: { command: 'test-module', params: {} }, exit: 0, code: 'DT_CONFIG_INVALID' },
    { name: 'invalid argument', request: { command: 'darktrace-get-similar-devices', args: { did: 'x' }, params: 'PARAMS' }, exit: 0, code: 'DT_ARG_INVALID' },
    { name: 'lastRun corrupt', request: { command: 'fetch-incidents', params: 'PARAMS', lastRun: { version: 99 } }, exit: 0, code: 'DT_STATE_INVALID' },
  ])('$name', async ({ request, exit, code }) => {
    const body = typeof request === 'string' ? request : { ...request, ...(request.params === 'PARAMS' ? { params: params() } : {}) };
    const result = await exec(body);
    expect(result.code).toBe(exit);
    expect(result.answer.ok).toBe(false);
    expect(result.answer.error?.code).toBe(code);
    expect(result.stdout).not.toContain(CANARY_TOKENS.privateToken);
  });

  it.each([
    { name: 'an unknown option', argv: ['exec', '--bogus'] },
    { name: 'a stray argument', argv: ['exec', 'extra'] },
    { name: '--config (parameters come in the request)', argv: ['exec', '--config', '/nonexistent'] },
  ])('a bad command line ($name) is still one JSON answer, exit 2', async ({ argv }) => {
    const run = await runCli(argv, { input: JSON.stringify({ command: 'test-module', params: params() }) });
    expect(run.code).toBe(2);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ ok: false, error: { code: 'DT_USAGE', exitCode: 2 } });
  });

  it.each([0, 1])('a request over 64 KiB keeps its multi-byte text intact (offset %i)', async (pad) => {
    const name = `darktrace-${'x'.repeat(pad)}${'é'.repeat(40_000)}`;
    const { code, answer } = await exec({ command: name, params: params() });
    expect(code).toBe(0);
    expect(answer.error?.code).toBe('DT_USAGE');
    expect(answer.error?.message).not.toContain('\uFFFD');
    expect(answer.error?.message.split('é')).toHaveLength(40_001);
  });

  it('names the request, not a config file or variables, in parameter errors', async () => {
    const { answer } = await exec({ command: 'test-module', params: { url: sim.url, public_api_token: 'p', min_score: 'high' } });
    expect(answer.error?.message).toContain('min_score (request params): expected an integer from 0 to 100, got "high"');
    expect(answer.error?.message).toContain('private_api_token: required; set it in the request params');
    expect(answer.error?.message).not.toContain('DARKTRACE_');
  });

  it.each([
    {
      name: 'a wrong type in args',
      request: { command: 'darktrace-get-similar-devices', args: { did: { id: 1 } }, params: {} },
      text: 'exec request: args.did: expected text, a number, true/false, or a list of text and numbers',
    },
    { name: 'an unknown key', request: { command: 'test-module', params: {}, id: 1 }, text: 'exec request: unknown key id' },
    { name: 'not an object', request: [1, 2], text: 'exec request: the request: expected a JSON object' },
  ])('describes a malformed request in its own words: $name', async ({ request, text }) => {
    const { code, answer } = await exec(request);
    expect(code).toBe(2);
    expect(answer.error?.message).toContain(text);
    expect(answer.error?.message).not.toMatch(/Invalid input|Unrecognized key/);
  });

  it('an appliance failure is an answer with the typed error', async () => {
    const { code, answer } = await exec({ command: 'test-module', params: { ...params(), private_api_token: 'wrong-private-token' } });
    expect(code).toBe(0);
    expect(answer.ok).toBe(false);
    expect(answer.error).toMatchObject({ code: 'DT_AUTH', exitCode: 1 });
  });
});
