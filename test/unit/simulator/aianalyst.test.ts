// The simulator's AI Analyst endpoints against an independent signer (signed-request.ts): the query
// parameters of reference/darktrace-next.md §A.3 (they differ between the two list endpoints), the
// writes of §A.2 and the test hooks (late events, merges) the fetch tests drive.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { addAiaEvent, aiaGroups, generateAiaHistory, mergeAiaGroups } from '../../../src/simulator/aianalyst-data.js';
import { withSimulator } from '../../helpers/start-simulator.js';
import { call } from './signed-request.js';

const T = Date.parse('2026-03-01T12:00:00Z');
const H = 3_600_000;
const handle = withSimulator(() => ({ clock: fixedClock(T) }), 'each');
const E = (n: number) => `3f1c2a4e-0000-4a1b-8c2d-00000000a00${n}`;
const G = (n: number) => `g${E(n)}`;
const win = (hours: number): Array<[string, string]> => [
  ['starttime', String(T - hours * H)],
  ['endtime', String(T)],
];

async function ids(path: string, pairs: Array<[string, string]>): Promise<string[]> {
  const res = await call(handle.sim, 'GET', path, { atMs: T, pairs });
  expect(res.status).toBe(200);
  return (res.json() as Array<{ id: string }>).map((r) => r.id).sort();
}

describe('GET /aianalyst/incidentevents', () => {
  it.each([
    { name: 'window on createdAt, acknowledged hidden, pinned kept by default', pairs: [...win(1)], want: [E(1), E(2), E(8)], plus: [E(4)] },
    { name: 'includeallpinned=false drops the old pinned event', pairs: [...win(1), ['includeallpinned', 'false']], want: [E(1), E(2), E(8)] },
    {
      name: 'includeacknowledged=true adds E3',
      pairs: [...win(3), ['includeallpinned', 'false'], ['includeacknowledged', 'true']],
      want: [E(1), E(2), E(3), E(6), E(8)],
    },
    {
      name: 'groupcritical filters on the incident category',
      pairs: [...win(1), ['includeallpinned', 'false'], ['groupcritical', 'true']],
      want: [E(1), E(2)],
    },
    { name: 'plain critical is silently ignored here', pairs: [...win(1), ['includeallpinned', 'false'], ['critical', 'true']], want: [E(1), E(2), E(8)] },
    {
      name: 'minscore on aiaScore (a string score "71.5" included)',
      pairs: [...win(1), ['includeallpinned', 'false'], ['minscore', '70']],
      want: [E(1), E(2)],
    },
    {
      name: 'uuid list beats every other filter',
      pairs: [
        ['uuid', `${E(3)},${E(4)}`],
        ['groupid', G(1)],
      ],
      want: [E(3), E(4)],
    },
    { name: 'groupid', pairs: [['groupid', G(6)]], want: [E(6), E(7)] },
    { name: 'did list', pairs: [...win(6), ['includeallpinned', 'false'], ['did', '1562,1733']], want: [E(2), E(6), E(7)] },
  ] as Array<{ name: string; pairs: Array<[string, string]>; want: string[]; plus?: string[] }>)('$name', async ({ pairs, want, plus }) => {
    const got = await ids('/aianalyst/incidentevents', pairs);
    expect(got.filter((id) => id.startsWith('3f1c2a4e'))).toEqual([...want, ...(plus ?? [])].sort());
  });

  it('serves the group score as a string for listed groups, and the event url on request', async () => {
    const res = await call(handle.sim, 'GET', '/aianalyst/incidentevents', {
      atMs: T,
      pairs: [
        ['uuid', E(4)],
        ['includeincidenteventurl', 'true'],
      ],
    });
    const [event] = res.json() as Array<Record<string, unknown>>;
    expect([typeof event!['groupScore'], event!['groupCategory'], event!['incidentEventUrl']]).toEqual([
      'string',
      'suspicious',
      `${handle.sim.url}/#aiaincidentevent/${E(4)}`,
    ]);
  });

  it('refuses an unknown locale', async () => {
    const res = await call(handle.sim, 'GET', '/aianalyst/incidentevents', { atMs: T, pairs: [['locale', 'xx_XX']] });
    expect(res.status).toBe(400);
  });
});

describe('GET /aianalyst/groups', () => {
  it.each([
    { name: 'plain critical filters here', pairs: [...win(4), ['includeallpinned', 'false'], ['critical', 'true']], want: [G(1), G(6)] },
    { name: 'groupcritical is silently ignored here', pairs: [...win(4), ['includeallpinned', 'false'], ['groupcritical', 'true']], want: [G(1), G(6), G(8)] },
    {
      name: 'groupid beats uuid',
      pairs: [
        ['groupid', G(6)],
        ['uuid', E(1)],
      ],
      want: [G(6)],
    },
    { name: "uuid finds the event's current group after a merge", pairs: [['uuid', E(7)]], want: [G(6)] },
  ] as Array<{ name: string; pairs: Array<[string, string]>; want: string[] }>)('$name', async ({ pairs, want }) => {
    const got = await ids('/aianalyst/groups', pairs);
    expect(got.filter((id) => id.startsWith('g3f1c2a4e'))).toEqual(want);
  });
});

describe('AI Analyst writes', () => {
  it('acknowledge takes a form comma list and answers {"aianalyst":"SUCCESS"}; JSON is refused', async () => {
    const ok = await call(handle.sim, 'POST', '/aianalyst/acknowledge', { atMs: T, form: [['uuid', `${E(1)},${E(2)}`]] });
    expect([ok.status, ok.json()]).toEqual([200, { aianalyst: 'SUCCESS' }]);
    const state = handle.sim.state.aianalyst;
    expect(state.events.filter((e) => e.currentGroup === G(1)).map((e) => e.acknowledged)).toEqual([true, true]);
    expect(aiaGroups(state).find((g) => g.id === G(1))?.acknowledged).toBe(true);
    const json = await call(handle.sim, 'POST', '/aianalyst/pin', { atMs: T, json: { uuid: E(1) } });
    expect(json.status).toBe(400);
  });

  it('comment POST stores on a known event, never on an unknown one, and not at all with dropPostedComments', async () => {
    const post = (id: string, message: string) => call(handle.sim, 'POST', '/aianalyst/incident/comments', { atMs: T, json: { incident_id: id, message } });
    const read = async (id: string) =>
      (
        (await call(handle.sim, 'GET', '/aianalyst/incident/comments', { atMs: T, pairs: [['incident_id', id]] })).json() as {
          comments: Array<{ message: string }>;
        }
      ).comments.map((c) => c.message);
    expect((await post(E(8), 'one')).json()).toEqual({ aianalyst: 'SUCCESS' });
    expect((await post('00000000-0000-0000-0000-000000000000', 'lost')).json()).toEqual({ aianalyst: 'SUCCESS' });
    handle.sim.state.aianalyst.dropPostedComments = true;
    expect((await post(E(8), 'two')).json()).toEqual({ aianalyst: 'SUCCESS' });
    expect(await read(E(8))).toEqual(['one']);
    expect(await read('00000000-0000-0000-0000-000000000000')).toEqual([]);
  });

  it('an investigation is processing for one poll, then finished; times are epoch seconds', async () => {
    const created = await call(handle.sim, 'POST', '/aianalyst/investigations', { atMs: T, json: { investigateTime: String((T - H) / 1000), did: 1428 } });
    const { investigationId } = created.json() as { investigationId: string };
    const poll = async () =>
      (await call(handle.sim, 'GET', '/aianalyst/investigations', { atMs: T, pairs: [['investigationId', investigationId]] })).json() as Array<
        Record<string, unknown>
      >;
    const first = await poll();
    const second = await poll();
    expect([first[0]!['status'], second[0]!['status'], second[0]!['investigationTime'], second[0]!['time']]).toEqual([
      'processing',
      'finished',
      (T - H) / 1000,
      (T - H) / 1000 + 600,
    ]);
    const ms = await call(handle.sim, 'POST', '/aianalyst/investigations', { atMs: T, json: { investigateTime: String(T), did: 1428 } });
    expect(ms.status).toBe(400);
  });
});

describe('AI Analyst data hooks', () => {
  it('generates hundreds of events with ties, merges, string scores and both shapes', () => {
    const { events, stringScoreGroups } = generateAiaHistory({ count: 300, startMs: T - 5 * 24 * H, endMs: T, devices: [{ did: 1, hostname: 'a' }] });
    const times = events.map((e) => e.createdAt);
    expect(events).toHaveLength(300);
    expect(new Set(times).size).toBeLessThan(290);
    expect(events.filter((e) => (e.groupPreviousGroups ?? []).length > 0).length).toBeGreaterThan(5);
    expect(stringScoreGroups.length).toBeGreaterThan(0);
    expect(events.some((e) => typeof e['summary'] === 'object') && events.some((e) => typeof e['summary'] === 'string')).toBe(true);
    expect(events.some((e) => typeof e.aiaScore === 'string')).toBe(true);
  });

  it('addAiaEvent and mergeAiaGroups change what the routes answer', async () => {
    const state = handle.sim.state.aianalyst;
    addAiaEvent(state, { id: 'late-0001', createdAt: T - 2 * H, currentGroup: G(8) });
    const moved = mergeAiaGroups(state, G(8), G(1));
    expect(moved.map((e) => e.id).sort()).toEqual([E(8), 'late-0001'].sort());
    const got = await ids('/aianalyst/incidentevents', [['groupid', G(1)]]);
    expect(got).toEqual([E(1), E(2), E(8), 'late-0001'].sort());
    expect(state.events.find((e) => e.id === E(1))?.groupPreviousGroups).toEqual([G(8)]);
    expect(() => mergeAiaGroups(state, 'gnone', G(1))).toThrow(/no event/);
  });
});
