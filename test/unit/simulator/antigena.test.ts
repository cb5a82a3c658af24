// The simulator's RESPOND state machine (darktrace-next.md §B.2, §B.4, §B.5) over real sockets with
// a hand-moved clock: actions expire (and stay `active`), a clear suppresses the same action for the
// rest of its original duration, history records each change, a client-sensor device refuses pol,
// Audit Antigena refuses a write without a reason, and the manual answer key is either `code` or `codeid`.
import { describe, expect, it } from 'vitest';
import { fixedClock, type ManualClock } from '../../../src/clock.js';
import { triggerModelAction } from '../../../src/simulator/routes/antigena.js';
import { withSimulator } from '../../helpers/start-simulator.js';
import { call } from './signed-request.js';

const T = Date.parse('2026-03-01T12:00:00Z');
let clock: ManualClock;
const handle = withSimulator(() => {
  clock = fixedClock(T);
  return { clock };
}, 'each');

type Json = Record<string, any>;
const post = async (path: string, json: Json) => call(handle.sim, 'POST', path, { atMs: clock.now(), json });
const list = async (pairs: Array<[string, string]> = []) => (await call(handle.sim, 'GET', '/antigena', { atMs: clock.now(), pairs })).json() as Json[];
const created4898 = async (pairs: Array<[string, string]> = []) => (await list([['did', '1428'], ...pairs])).find((a) => a['codeid'] === 4898);
const manual = (extra: Json = {}) => post('/antigena/manual', { did: 1428, action: 'quarantine', duration: 600, reason: 'test', ...extra });

describe('simulator RESPOND', () => {
  it('a manual action is created active, answers its id under code, expires and stays active', async () => {
    const res = await manual();
    expect([res.status, res.json()]).toEqual([200, { code: 4898 }]);
    const created = await created4898();
    expect(created).toMatchObject({ codeid: 4898, active: true, cleared: false, manual: true, triggerer: { reason: 'test' }, expires: T + 600_000 });
    clock.advance(601_000);
    const expired = await created4898();
    expect([expired!['active'], expired!['expires'] <= clock.now()]).toEqual([true, true]);
    expect((await post('/antigena', { codeid: 4898, duration: 60, reason: 'x' })).json()).toEqual({
      error: 'Action 4898 is not active: activate or reactivate it instead',
    });
  });

  it('answers under codeid when configured so', async () => {
    handle.sim.state.respond.manualAnswerKey = 'codeid';
    expect((await manual()).json()).toEqual({ codeid: 4898 });
  });

  it('extend sets the remaining time from now; clear ends it; reactivate needs a duration; history records each', async () => {
    await manual();
    clock.advance(100_000);
    expect((await post('/antigena', { codeid: 4898, duration: 110, reason: 'extend' })).status).toBe(200);
    expect((await created4898())!['expires']).toBe(clock.now() + 110_000);
    await post('/antigena', { codeid: 4898, clear: true, reason: 'clear' });
    expect(await created4898()).toBeUndefined();
    const res = await post('/antigena', { codeid: 4898, activate: true, reason: 'again' });
    expect([res.status, res.json()]).toEqual([400, { error: 'Action 4898 has ended: a duration is required to reactivate it' }]);
    await post('/antigena', { codeid: 4898, activate: true, duration: 300, reason: 'again' });
    const back = await created4898([['includehistory', 'true']]);
    expect(back).toMatchObject({ active: true, cleared: false, expires: clock.now() + 300_000 });
    expect((back!['history'] as Json[]).map((h) => [h['action'], h['reason']])).toEqual([
      ['created', 'test'],
      ['extended', 'extend'],
      ['cleared', 'clear'],
      ['reactivated (cleared)', 'again'],
    ]);
  });

  it('a clear suppresses the same model action on the device until the original expiry', async () => {
    const state = handle.sim.state;
    const o = { did: 1428, pbid: 30952, action: 'quarantine' as const, model: 'Compromise::Beaconing', modeluuid: 'uuid-1', durationS: 3600 };
    const first = triggerModelAction(state, { ...o, nowMs: clock.now() })!;
    await post('/antigena', { codeid: first.codeid, clear: true, reason: 'false positive' });
    clock.advance(1_800_000);
    expect(triggerModelAction(state, { ...o, nowMs: clock.now() })).toBeUndefined();
    expect(triggerModelAction(state, { ...o, action: 'pol', nowMs: clock.now() })).toMatchObject({ action: 'pol' });
    clock.advance(1_800_001);
    expect(triggerModelAction(state, { ...o, nowMs: clock.now() })).toMatchObject({ action: 'quarantine', active: true });
  });

  it.each([
    { name: 'pol on a client sensor', body: { did: 2011, action: 'pol' }, error: 'Action pol is not supported for client sensor devices' },
    {
      name: 'quarantineOutgoing on a client sensor',
      body: { did: 2011, action: 'quarantineOutgoing' },
      error: 'Action quarantineOutgoing is not supported for client sensor devices',
    },
    { name: 'no reason under Audit Antigena', body: { reason: '' }, error: 'A reason is required: Audit Antigena is enabled on this appliance' },
    {
      name: 'connection without connections',
      body: { action: 'connection' },
      error: 'connections is required for a connection action: [{"src","dst","port"}]',
    },
    {
      name: 'an action name that is no API value',
      body: { action: 'blockMatchingConnections' },
      error: 'action must be one of connection, pol, gpol, quarantine, quarantineOutgoing, quarantineIncoming',
    },
  ])('manual refused: $name (400, nothing created)', async ({ body, error }) => {
    const res = await manual(body);
    expect([res.status, res.json()]).toEqual([400, { error }]);
    expect(handle.sim.state.respond.actions.map((a) => a.codeid)).toEqual([4894, 4895, 4896, 4897]);
  });

  it('quarantine on a client sensor is accepted (not refused in the lab)', async () => {
    expect((await manual({ did: 2011 })).status).toBe(200);
  });

  it('lists with a window as pairs only, and filters pending, cleared and pbid', async () => {
    const window: Array<[string, string]> = [
      ['starttime', String(T - 86_400_000)],
      ['endtime', String(T)],
    ];
    expect((await list([...window, ['includecleared', 'true']])).map((a) => a['codeid'])).toEqual([4894, 4895, 4896, 4897]);
    expect((await list(window)).map((a) => a['codeid'])).toEqual([4894, 4895, 4897]);
    expect((await list([...window, ['pbid', '30954']])).map((a) => a['codeid'])).toEqual([4895]);
    const half = await call(handle.sim, 'GET', '/antigena', { atMs: clock.now(), pairs: [['starttime', '1']] });
    expect([half.status, half.json()]).toEqual([400, { error: 'starttime and endtime (or from and to) must be given together' }]);
    await manual();
    const pending = triggerModelAction(handle.sim.state, {
      did: 1501,
      pbid: 30953,
      action: 'pol',
      model: 'm',
      modeluuid: 'u',
      durationS: 600,
      nowMs: clock.now(),
      confirm: true,
    })!;
    expect((await list([['needconfirming', 'true']])).map((a) => a['codeid'])).toEqual([pending.codeid]);
    const summary = (await call(handle.sim, 'GET', '/antigena/summary', { atMs: clock.now() })).json();
    expect(summary).toEqual({ pendingCount: 1, activeCount: 1, pendingActionDevices: [1501], activeActionDevices: [1428] });
  });

  it('DELETE /tags/entities removes the tag from the device, and the 502 option answers 502 after applying', async () => {
    const del = await call(handle.sim, 'DELETE', '/tags/entities', {
      atMs: clock.now(),
      pairs: [
        ['did', '1428'],
        ['tag', 'Active Threat'],
      ],
    });
    expect([del.status, del.json()]).toEqual([200, { response: 'SUCCESS', removed: 1 }]);
    const tags = (await call(handle.sim, 'GET', '/tags/entities', { atMs: clock.now(), pairs: [['did', '1428']] })).json();
    expect(tags).toEqual([]);
    handle.sim.faults.push({ kind: 'applied-status', status: 502 }, 1, 'writes');
    const again = await call(handle.sim, 'DELETE', '/tags/entities', {
      atMs: clock.now(),
      pairs: [
        ['did', '1733'],
        ['tag', 'Critical Server'],
      ],
    });
    expect(again.status).toBe(502);
    const left = (await call(handle.sim, 'GET', '/tags/entities', { atMs: clock.now(), pairs: [['did', '1733']] })).json() as Json[];
    expect(left.map((t) => t['name'])).toEqual([]);
  });
});
