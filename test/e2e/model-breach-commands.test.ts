// The model-breach commands end to end: the compiled CLI against the simulator. Writes show up in
// the next read, repeated writes succeed, an unknown pbid is a not-found error, and bad argument
// values stop before anything is sent. Output shapes are pinned by test_data/golden/ (golden-commands.test.ts).
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestSimulator } from '../helpers/start-simulator.js';

const sim = await startTestSimulator({ tokens: [{ ...CANARY_TOKENS }] });
const env = instanceEnv(sim.url);

beforeEach(() => {
  sim.faults.clear();
  sim.requests.length = 0;
});

interface Answer {
  outputs: Record<string, Record<string, unknown>>;
  readable: string;
}

async function run(line: string): Promise<Answer> {
  const result = await runCli(['run', '--json', line], { env });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Answer;
}

async function breach(pbid: number): Promise<Record<string, unknown>> {
  return (await run(`!darktrace-get-model-breach pbid=${pbid}`)).outputs['Darktrace.ModelBreach'] ?? {};
}

describe('model-breach round trip', () => {
  it('a posted comment shows in the comment count and the comments', async () => {
    const before = await breach(30954);
    await run('!darktrace-post-comment-to-model-breach pbid=30954 message="Escalated to IR, ticket 77"');
    expect(await breach(30954)).toMatchObject({ commentCount: Number(before['commentCount']) + 1 });
    const comments = (await run('!darktrace-get-model-breach-comments pbid=30954')).outputs['Darktrace.ModelBreachComment'];
    expect(comments).toEqual([expect.objectContaining({ pbid: 30954, message: 'Escalated to IR, ticket 77', username: 'api-user' })]);
  });

  it('acknowledge and unacknowledge show in the breach, and repeating either is not an error', async () => {
    expect(await breach(30955)).toMatchObject({ acknowledged: false });
    for (const attempt of [1, 2]) {
      const answer = await run('!darktrace-acknowledge-model-breach pbid=30955');
      expect(answer.outputs, `acknowledge #${attempt}`).toEqual({
        'Darktrace.ModelBreach': { pbid: 30955, acknowledged: true, response: 'Successfully acknowledged.' },
      });
    }
    expect(await breach(30955)).toMatchObject({ acknowledged: true });
    for (const attempt of [1, 2]) {
      const answer = await run('!darktrace-unacknowledge-model-breach pbid=30955');
      expect(answer.outputs, `unacknowledge #${attempt}`).toEqual({
        'Darktrace.ModelBreach': { pbid: 30955, acknowledged: false, response: 'Successfully unacknowledged.' },
      });
    }
    expect(await breach(30955)).toMatchObject({ acknowledged: false });
  });
});

describe('an appliance that does not confirm a repeated acknowledge', () => {
  // XM reads any answer but SUCCESS as "already acknowledged"; we check the breach's flag instead.
  const unconfirmed = { kind: 'status', status: 200, body: '{"response":"ALREADY ACKNOWLEDGED"}' } as const;

  it('succeeds, saying so, when the breach is already in that state', async () => {
    sim.faults.push(unconfirmed);
    const answer = await run('!darktrace-acknowledge-model-breach pbid=30958');
    expect(answer.outputs).toEqual({ 'Darktrace.ModelBreach': { pbid: 30958, acknowledged: true, response: 'Successfully acknowledged.' } });
    expect(answer.readable).toContain('### Model breach 30958 was already acknowledged');
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /modelbreaches/30958/acknowledge', 'GET /modelbreaches/30958']);
  });

  it('fails with DT_REJECTED when the breach is not in that state', async () => {
    sim.faults.push(unconfirmed);
    const result = await runCli(['run', '!darktrace-acknowledge-model-breach pbid=30956'], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('did not confirm the acknowledge of model breach 30956');
    expect(result.stderr).toContain('[DT_REJECTED]');
  });
});

describe('unknown pbid', () => {
  it.each([
    { name: 'get', line: '!darktrace-get-model-breach pbid=99999', path: '/modelbreaches/99999' },
    { name: 'connections', line: '!darktrace-get-model-breach-connections pbid=99999', path: '/details' },
    { name: 'comments', line: '!darktrace-get-model-breach-comments pbid=99999', path: '/modelbreaches/99999/comments' },
    { name: 'post comment', line: '!darktrace-post-comment-to-model-breach pbid=99999 message=hi', path: '/modelbreaches/99999/comments' },
    { name: 'acknowledge', line: '!darktrace-acknowledge-model-breach pbid=99999', path: '/modelbreaches/99999/acknowledge' },
    { name: 'unacknowledge', line: '!darktrace-unacknowledge-model-breach pbid=99999', path: '/modelbreaches/99999/unacknowledge' },
    { name: 'model', line: '!darktrace-get-model uuid=00000000-0000-0000-0000-000000000000', path: '/models' },
    { name: 'component', line: '!darktrace-get-model-component cid=99999', path: '/components' },
  ])('$name: exit 1, DT_NOT_FOUND, one request', async ({ line, path }) => {
    const result = await runCli(['run', line], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^darktrace-soar: Darktrace found nothing at .*: check the id or name you gave\. \[DT_NOT_FOUND\]\n$/);
    expect(sim.requests.map((r) => r.path)).toEqual([path]);
  });
});

describe('invalid arguments: exit 2, the argument named, nothing sent', () => {
  it.each([
    { name: 'pbid 0', line: '!darktrace-get-model-breach pbid=0', want: 'argument pbid of darktrace-get-model-breach: expected a positive integer, got "0"' },
    {
      name: 'pbid x',
      line: '!darktrace-acknowledge-model-breach pbid=x',
      want: 'argument pbid of darktrace-acknowledge-model-breach: expected a positive integer, got "x"',
    },
    { name: 'pbid missing', line: '!darktrace-get-model-breach-comments', want: 'argument pbid of darktrace-get-model-breach-comments: is required' },
    {
      name: 'count 0',
      line: '!darktrace-get-model-breach-connections pbid=30951 count=0',
      want: 'argument count of darktrace-get-model-breach-connections: expected an integer from 1 to 1000, got "0"',
    },
    {
      name: 'offset -1',
      line: '!darktrace-get-model-breach-connections pbid=30951 offset=-1',
      want: 'argument offset of darktrace-get-model-breach-connections: expected an integer of at least 0, got "-1"',
    },
    {
      name: 'empty message',
      line: '!darktrace-post-comment-to-model-breach pbid=30951 message=""',
      want: 'argument message of darktrace-post-comment-to-model-breach: is required',
    },
    {
      name: 'blank message',
      line: '!darktrace-post-comment-to-model-breach pbid=30951 message="   "',
      want: 'argument message of darktrace-post-comment-to-model-breach: is required',
    },
    {
      name: 'message too long',
      line: `!darktrace-post-comment-to-model-breach pbid=30951 message=${'a'.repeat(4001)}`,
      want: 'argument message of darktrace-post-comment-to-model-breach: expected text of at most 4000 characters',
    },
    { name: 'uuid not a uuid', line: '!darktrace-get-model uuid=not-a-uuid', want: 'argument uuid of darktrace-get-model: expected a model UUID' },
    {
      name: 'uuid one digit short',
      line: '!darktrace-get-model uuid=80010119-6d7f-0000-0305-5e000000018',
      want: 'argument uuid of darktrace-get-model: expected a model UUID',
    },
    {
      name: 'cid x',
      line: '!darktrace-get-model-component cid=x',
      want: 'argument cid of darktrace-get-model-component: expected a positive integer, got "x"',
    },
  ])('$name', async ({ line, want }) => {
    const result = await runCli(['run', line], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`darktrace-soar: ${want}`);
    expect(result.stderr).toMatch(/\[DT_ARG_INVALID\]\n$/);
    expect(sim.requests).toEqual([]);
  });
});

describe('golden coverage', () => {
  it('every model-breach command has a golden case', () => {
    const dirs = readdirSync(resolve(import.meta.dirname, '../../test_data/golden'));
    for (const name of [
      'get-model-breach',
      'get-model-breach-connections',
      'get-model-breach-comments',
      'post-comment-to-model-breach',
      'acknowledge-model-breach',
      'unacknowledge-model-breach',
      'get-model',
      'get-model-component',
    ]) {
      expect(dirs).toContain(`darktrace-${name}`);
    }
  });
});
