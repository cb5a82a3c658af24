// The AI Analyst commands end to end: the compiled CLI against the simulator over a real socket.
// Writes round-trip in the next read; an incident's acknowledgement reaches every one of its events
// in one request; unknown ids are refused before anything is written; a lost answer is read back,
// never sent twice.
import { describe, expect, it } from 'vitest';
import { loadRealCases } from '../../src/simulator/real-data.js';
import { startSimulator, type RecordedRequest } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli } from '../helpers/run-cli.js';
import { withSimulator } from '../helpers/start-simulator.js';

const handle = withSimulator(() => ({ tokens: [{ ...CANARY_TOKENS }] }), 'each');
const E = (n: number) => `3f1c2a4e-0000-4a1b-8c2d-00000000a00${n}`;
const G = (n: number) => `g${E(n)}`;

async function run(line: string, extra: Record<string, string | number> = {}) {
  const r = await runCli(['run', line, '--json'], { env: instanceEnv(handle.sim.url, extra) });
  const answer = r.code === 0 ? (JSON.parse(r.stdout) as { outputs: Record<string, any>; readable: string }) : undefined;
  return { ...r, answer };
}

const posts = () => handle.sim.requests.filter((r) => r.method === 'POST').map((r) => `${r.path} ${decodeURIComponent(r.body)}`);

describe('AI Analyst writes round-trip', () => {
  it('acknowledging an incident acknowledges all its events, in one request', async () => {
    const ack = await run(`!darktrace-acknowledge-ai-analyst-incident groupId=${G(1)}`);
    expect(ack.code).toBe(0);
    expect(posts()).toEqual([`/aianalyst/acknowledge uuid=${E(1)},${E(2)}`]);
    for (const id of [E(1), E(2)]) {
      const got = await run(`!darktrace-get-ai-analyst-incident-event eventId=${id}`);
      expect(got.answer?.outputs['Darktrace.AIAnalyst'].acknowledged).toBe(true);
    }
    const list = await run('!darktrace-list-ai-analyst-incidents start_time=2026-03-01T08:00:00Z end_time=2026-03-01T12:00:00Z');
    expect(list.answer?.outputs['Darktrace.AIAnalystIncident'].map((g: { groupId: string }) => g.groupId)).not.toContain(G(1));
    const unack = await run(`!darktrace-unacknowledge-ai-analyst-incident groupId=${G(1)}`);
    expect([unack.code, handle.sim.state.aianalyst.events.filter((e) => e.currentGroup === G(1)).map((e) => e.acknowledged)]).toEqual([0, [false, false]]);
  });

  it.each([
    { name: 'pin', set: 'pin', unset: 'unpin', key: 'pinned' },
    { name: 'acknowledge', set: 'acknowledge', unset: 'unacknowledge', key: 'acknowledged' },
  ])('$name and its undo show in the next get', async ({ set, unset, key }) => {
    const read = async () => (await run(`!darktrace-get-ai-analyst-incident-event eventId=${E(8)}`)).answer?.outputs['Darktrace.AIAnalyst'][key];
    expect(await read()).toBe(false);
    expect((await run(`!darktrace-${set}-ai-analyst-incident-event eventId=${E(8)}`)).code).toBe(0);
    expect(await read()).toBe(true);
    expect((await run(`!darktrace-${unset}-ai-analyst-incident-event eventId=${E(8)}`)).code).toBe(0);
    expect(await read()).toBe(false);
  });
});

describe('AI Analyst writes refused or unknown', () => {
  it('an unknown event id in a list is refused by name and nothing is written', async () => {
    const r = await run(`!darktrace-acknowledge-ai-analyst-incident-event eventId=${E(8)},00000000-0000-4000-8000-00000000dead`);
    expect([r.code, posts()]).toEqual([1, []]);
    expect(r.stderr).toContain('No AI Analyst event found for 00000000-0000-4000-8000-00000000dead');
    expect(r.stderr).toContain('[DT_NOT_FOUND]');
  });

  it('an incident id merged away says how to find the incident now, and writes nothing', async () => {
    const r = await run(`!darktrace-acknowledge-ai-analyst-incident groupId=${G(7)}`);
    expect([r.code, posts()]).toEqual([1, []]);
    expect(r.stderr).toContain('darktrace-get-ai-analyst-incident-group-from-eventId');
  });

  it('a 503 to the POST is read back, found not applied, and not sent again', async () => {
    handle.sim.events.on('request', (rec: RecordedRequest) => {
      if (rec.method === 'POST') handle.sim.faults.push({ kind: 'status', status: 503 });
    });
    const r = await run(`!darktrace-pin-ai-analyst-incident-event eventId=${E(8)}`);
    expect([r.code, posts().length]).toEqual([1, 1]);
    expect(r.stderr).toContain('[DT_WRITE_NOT_APPLIED]');
  });

  it('an answer lost after the write was applied is read back as done', async () => {
    handle.sim.events.on('request', (rec: RecordedRequest) => {
      if (rec.method === 'POST') handle.sim.faults.push({ kind: 'delay-answer', ms: 2500 });
    });
    const r = await run(`!darktrace-acknowledge-ai-analyst-incident-event eventId=${E(8)}`, { timeout: 1 });
    expect([r.code, posts().length]).toEqual([0, 1]);
    expect(r.answer?.readable).toContain('the answer was lost; the events read back as changed');
  });
});

describe('AI Analyst comments', () => {
  it.each([
    { name: 'an appliance that answers SUCCESS and stores nothing (TV 7.0.42)', drop: true, id: E(2) },
    { name: 'an unknown event id (SUCCESS, never stored)', drop: false, id: '00000000-0000-4000-8000-00000000dead' },
  ])('$name: DT_WRITE_NOT_STORED, said plainly, posted once', async ({ drop, id }) => {
    handle.sim.state.aianalyst.dropPostedComments = drop;
    const r = await run(`!darktrace-post-comment-to-ai-analyst-incident-event eventId=${id} comment="Escalated"`);
    expect([r.code, posts()]).toEqual([1, [`/aianalyst/incident/comments {"incident_id":"${id}","message":"Escalated"}`]]);
    expect(r.stderr).toContain("but the event's comments do not show it: the comment was NOT stored");
    expect(r.stderr).toContain('[DT_WRITE_NOT_STORED]');
  });

  it('a stored comment shows in the next get', async () => {
    expect((await run(`!darktrace-post-comment-to-ai-analyst-incident-event eventId=${E(8)} comment="Seen it"`)).code).toBe(0);
    const got = await run(`!darktrace-get-comments-for-ai-analyst-incident-event eventId=${E(8)}`);
    expect(got.answer?.outputs['Darktrace.AIAnalyst'].comments.map((c: { message: string; username: string }) => [c.username, c.message])).toEqual([
      ['api-user', 'Seen it'],
    ]);
  });
});

describe('every recorded AI Analyst answer is read', () => {
  const cases = loadRealCases().filter((c) => c.endpoint === 'aianalyst-incidentevents' || c.endpoint === 'aianalyst-groups');
  it.concurrent.each(cases.map((c) => ({ name: c.name, c })))('$name', async ({ c }) => {
    const sim = await startSimulator({ tokens: [{ ...CANARY_TOKENS }], data: 'real' });
    try {
      sim.real?.use([c.name]);
      const events = c.endpoint === 'aianalyst-incidentevents';
      const line = events ? '!darktrace-list-ai-analyst-incident-events' : '!darktrace-list-ai-analyst-incidents';
      const r = await runCli(['run', line, '--json'], { env: instanceEnv(sim.url) });
      expect([r.code, r.stderr]).toEqual([0, '']);
      const out = (JSON.parse(r.stdout) as { outputs: Record<string, Array<Record<string, unknown>>> }).outputs;
      const rows = out[events ? 'Darktrace.AIAnalyst' : 'Darktrace.AIAnalystIncident'] ?? [];
      expect(rows).toHaveLength((c.body as unknown[]).length);
      // Every event has its summary as text (a template object rendered, never "[object Object]").
      if (events) expect(rows.every((e) => typeof e['summary'] === 'string' && e['summary'] !== '' && !String(e['summary']).includes('[object'))).toBe(true);
      else expect(rows.every((g) => typeof g['groupScore'] === 'number')).toBe(true);
    } finally {
      await sim.close();
    }
  });
});
