// `darktrace-soar close`: acknowledge (and comment) from a script, against the simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli } from '../helpers/run-cli.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS] });
});
afterAll(() => sim.close());

const close = (args: string[]) => runCli(['close', ...args], { env: { ...instanceEnv(sim.url), DARKTRACE_SOAR_RETRY_MIN_MS: '0' } });
const breach = (pbid: number) => sim.state.breaches.find((b) => b.pbid === pbid)!;

describe('close', () => {
  it('posts the comment with the prefix, then acknowledges', async () => {
    const run = await close(['30951', '--comment', 'false positive: scheduled scan', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ pbid: 30951, acknowledged: true, comment: '[XSOAR] false positive: scheduled scan' });
    expect(breach(30951).acknowledged).toBe(true);
    expect(sim.state.comments.filter((c) => c.pbid === 30951).at(-1)?.message).toBe('[XSOAR] false positive: scheduled scan');
  });

  it('without --comment only acknowledges, and says so in markdown', async () => {
    const before = sim.requests.length;
    const run = await close(['30952']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('30952');
    expect(breach(30952).acknowledged).toBe(true);
    expect(
      sim.requests
        .slice(before)
        .filter((r) => r.method === 'POST')
        .map((r) => r.path),
    ).toEqual(['/modelbreaches/30952/acknowledge']);
  });

  it.each([
    { name: 'no id', args: [], message: 'close takes one model breach id' },
    { name: 'two ids', args: ['1', '2'], message: 'close takes one model breach id' },
    { name: 'not a number', args: ['abc'], message: 'positive integer such as 1417, got "abc"' },
    { name: 'an empty comment', args: ['30953', '--comment', ' '], message: '--comment: expected the text' },
  ])('$name: exit 2, nothing sent', async ({ args, message }) => {
    const before = sim.requests.length;
    const run = await close(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('[DT_USAGE]');
    expect(sim.requests.length).toBe(before);
  });

  it('an unknown breach: exit 1, DT_NOT_FOUND with the appliance words', async () => {
    const run = await close(['999999']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('(Model breach 999999 not found)');
    expect(run.stderr).toContain('[DT_NOT_FOUND]');
  });
});
