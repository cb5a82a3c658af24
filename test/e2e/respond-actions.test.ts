// RESPOND writes a playbook can trust, end to end: the compiled CLI against the simulator over a
// real socket. Round trip (create -> list -> extend -> clear -> list), a write whose answer is
// lost after the simulator applied it (sent once, reported verified), a 5xx before applying
// (reported not applied, exit 1), the appliance's refusal (exit 1 with its reason), dry runs (the
// request log stays empty) and the reason rule.
import { describe, expect, it } from 'vitest';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli } from '../helpers/run-cli.js';
import { withSimulator } from '../helpers/start-simulator.js';
import type { Fault } from '../../src/simulator/faults.js';

type Json = Record<string, any>;
const handle = withSimulator(() => ({ tokens: [{ ...CANARY_TOKENS }] }), 'each');
const CREATE = '!darktrace-create-manual-respond-action device_id=1428 action=quarantine duration=600 reason="playbook 42: contain"';

async function run(line: string, extra: Record<string, string | number> = {}): Promise<{ code: number | null; stderr: string; answer: Json }> {
  const r = await runCli(['run', line, '--json'], { env: instanceEnv(handle.sim.url, extra) });
  return { code: r.code, stderr: r.stderr, answer: r.code === 0 ? (JSON.parse(r.stdout) as Json) : {} };
}

const action = (answer: Json): Json => answer['outputs']['Darktrace.RespondAction'];
const writes = () => handle.sim.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
const stored = (codeid: number) => handle.sim.state.respond.actions.find((a) => a.codeid === codeid);

describe('RESPOND round trip', () => {
  it('create a manual action -> list shows it -> extend changes its expiry -> clear -> list shows it cleared', async () => {
    const created = await run(CREATE);
    expect(created.code).toBe(0);
    const codeid = action(created.answer)['codeid'] as number;
    expect(codeid).toBe(4898);
    expect(action(created.answer)).toMatchObject({
      status: 'active',
      verified: true,
      rollback: `!darktrace-clear-respond-action codeid=${codeid} reason="Rollback: playbook 42: contain"`,
    });

    const listed = await run('!darktrace-list-respond-actions device_id=1428');
    expect((action(listed.answer) as Json[]).map((a) => [a['codeid'], a['status']])).toEqual([[codeid, 'active']]);

    const before = stored(codeid)!.expires;
    const extended = await run(`!darktrace-extend-respond-action codeid=${codeid} duration=3600 reason="playbook 42: more time"`);
    expect(extended.code).toBe(0);
    const after = stored(codeid)!.expires;
    expect(after).toBeGreaterThan(before);
    expect(action(extended.answer)).toMatchObject({ expires: new Date(after).toISOString(), verified: true });
    expect(extended.answer['readable']).toContain(`New expiry: ${new Date(after).toISOString()}`);

    const cleared = await run(`!darktrace-clear-respond-action codeid=${codeid} reason="playbook 42: done"`);
    expect(action(cleared.answer)).toMatchObject({ status: 'cleared', cleared: true, active: false, verified: true });
    expect(action(cleared.answer)['rollback']).toMatch(
      new RegExp(`^!darktrace-reactivate-respond-action codeid=${codeid} duration=\\d+ reason="Rollback: playbook 42: done"$`),
    );

    const hidden = await run('!darktrace-list-respond-actions device_id=1428');
    expect(hidden.answer['outputs']).toEqual({});
    const shown = await run('!darktrace-list-respond-actions device_id=1428 include_cleared=true include_history=true');
    const [row] = action(shown.answer) as Json[];
    expect(row).toMatchObject({ codeid, status: 'cleared' });
    expect((row!['history'] as Json[]).map((h) => h['action'])).toEqual(['created', 'extended', 'cleared']);
    expect(writes()).toEqual(['POST /antigena/manual', 'POST /antigena', 'POST /antigena']);
  });

  it.each(['code', 'codeid'] as const)('the new action id is read from an answer keyed %s', async (key) => {
    handle.sim.state.respond.manualAnswerKey = key;
    const created = await run(CREATE);
    expect(created.answer['raw']).toEqual({ [key]: 4898 });
    expect(action(created.answer)).toMatchObject({ codeid: 4898, verified: true });
  });

  it('the rollback line a write returns undoes it when run', async () => {
    const created = await run(CREATE);
    const undo = await run(action(created.answer)['rollback'] as string);
    expect(undo.code).toBe(0);
    expect(action(undo.answer)).toMatchObject({ codeid: 4898, status: 'cleared', verified: true });
  });
});

describe('a write whose answer is lost', () => {
  const cases: Array<{ name: string; fault: Fault; line: string; setup?: string; want: Json }> = [
    {
      name: 'manual action: answer held past the timeout after the simulator applied it',
      fault: { kind: 'delay-answer', ms: 3000 },
      line: CREATE,
      want: { codeid: 4898, status: 'active', verified: true },
    },
    {
      name: 'extend: answer held past the timeout after the simulator applied it',
      fault: { kind: 'delay-answer', ms: 3000 },
      setup: CREATE,
      line: '!darktrace-extend-respond-action codeid=4898 duration=1200 reason="playbook 42"',
      want: { codeid: 4898, status: 'active', verified: true },
    },
    {
      name: 'clear: a 502 after the simulator applied it',
      fault: { kind: 'applied-status', status: 502 },
      setup: CREATE,
      line: '!darktrace-clear-respond-action codeid=4898 reason="playbook 42"',
      want: { codeid: 4898, status: 'cleared', verified: true },
    },
  ];

  it.each(cases)('$name: sent once, reported verified', async ({ fault, line, setup, want }) => {
    if (setup) expect((await run(setup)).code).toBe(0);
    handle.sim.requests.length = 0;
    handle.sim.faults.push(fault, 1, 'writes');
    const r = await run(line, { timeout: 1 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(action(r.answer)).toMatchObject(want);
    expect(r.answer['readable']).toContain('The answer was lost; it was not sent again.');
    expect(writes()).toHaveLength(1);
  });

  it('a 503 before anything was applied: sent once, exit 1 DT_WRITE_NOT_APPLIED, nothing created', async () => {
    handle.sim.faults.push({ kind: 'status', status: 503 }, 1, 'writes');
    const r = await run(CREATE);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[DT_WRITE_NOT_APPLIED]');
    expect(writes()).toEqual(['POST /antigena/manual']);
    expect(stored(4898)).toBeUndefined();
  });

  it('the answer lost and the read-back failing too: exit 1 DT_WRITE_UNCONFIRMED, never resent', async () => {
    handle.sim.faults.push({ kind: 'applied-status', status: 502 }, 1, 'writes');
    handle.sim.faults.push({ kind: 'status', status: 500 }, 10);
    const r = await run(CREATE, { soar_retries: 0 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[DT_WRITE_UNCONFIRMED]');
    expect(writes()).toEqual(['POST /antigena/manual']);
  });
});

describe('refusals and argument rules', () => {
  it('a write the appliance refuses exits 1 with the appliance reason, and nothing is created', async () => {
    const r = await run('!darktrace-create-manual-respond-action device_id=2011 action=pol duration=600 reason="playbook 42"');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Action pol is not supported for client sensor devices');
    expect(r.stderr).toContain('[DT_REJECTED]');
    expect(handle.sim.state.respond.actions.filter((a) => a.did === 2011).map((a) => a.codeid)).toEqual([4896]);
    expect(writes()).toEqual(['POST /antigena/manual']);
  });

  it('extending an expired action is refused with the appliance reason', async () => {
    const r = await run('!darktrace-extend-respond-action codeid=4895 duration=600 reason="playbook 42"');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Action 4895 is not active');
  });

  it.each([
    { name: 'activate', line: '!darktrace-activate-respond-action codeid=4894' },
    { name: 'manual action', line: '!darktrace-create-manual-respond-action device_id=1428 action=quarantine duration=60' },
  ])('$name without a reason or respond_default_reason: exit 2, nothing sent', async ({ line }) => {
    const r = await run(line);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('argument reason of');
    expect(r.stderr).toContain('respond_default_reason');
    expect(handle.sim.requests).toEqual([]);
  });

  it('respond_default_reason supplies the reason', async () => {
    const r = await run('!darktrace-create-manual-respond-action device_id=1428 action=quarantine duration=60', {
      respond_default_reason: 'darktrace-soar playbook',
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(handle.sim.requests.find((q) => q.method === 'POST')!.body)).toMatchObject({ reason: 'darktrace-soar playbook' });
  });
});

describe('dry_run=true sends nothing', () => {
  it.each([
    '!darktrace-activate-respond-action codeid=4894 duration=600 reason="r" dry_run=true',
    '!darktrace-extend-respond-action codeid=4895 duration=600 reason="r" dry_run=true',
    '!darktrace-clear-respond-action codeid=4895 reason="r" dry_run=true',
    '!darktrace-reactivate-respond-action codeid=4896 duration=600 reason="r" dry_run=true',
    '!darktrace-create-manual-respond-action device_id=1428 action=quarantine duration=600 reason="r" dry_run=true',
  ])('%s', async (line) => {
    const before = structuredClone(handle.sim.state.respond);
    const r = await run(line);
    expect(r.code).toBe(0);
    expect(action(r.answer)).toMatchObject({ dryRun: true, request: { method: 'POST' } });
    expect(handle.sim.requests).toEqual([]);
    expect(handle.sim.state.respond).toEqual(before);
  });
});
