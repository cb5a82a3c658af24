// The mirroring commands through `exec`, as a platform drives them: the integration context comes
// in with each request and goes back, updated, in the answer; the process keeps nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS } from '../helpers/canary-params.js';
import { runCli } from '../helpers/run-cli.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS] });
});
afterAll(() => sim.close());

const params = () => ({
  url: sim.url,
  public_api_token: CANARY_TOKENS.publicToken,
  private_api_token: CANARY_TOKENS.privateToken,
  isFetch: true,
  first_fetch: '2026-02-28',
  mirror_direction: 'Incoming And Outgoing',
  close_incident: 'true',
  close_out: 'true',
});

interface Answer {
  ok: boolean;
  results?: unknown;
  error?: { code: string; message: string };
  incidents?: Array<Record<string, unknown>>;
  integrationContext?: Record<string, unknown>;
}

async function exec(request: Record<string, unknown>): Promise<Answer> {
  const run = await runCli(['exec'], { input: JSON.stringify({ params: params(), ...request }), env: { DARKTRACE_SOAR_RETRY_MIN_MS: '0' } });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Answer;
}

describe('exec: mirroring', () => {
  it('fetch registers, an acknowledgement comes back as a close entry, a close goes out as an acknowledgement', async () => {
    const fetched = await exec({ command: 'fetch-incidents', integrationContext: { other: 'kept' } });
    expect(fetched.incidents?.[0]).toMatchObject({ dbotMirrorDirection: 'Both', dbotMirrorTags: ['comment'] });
    expect(fetched.integrationContext).toMatchObject({ other: 'kept', mirror: { version: 1 } });
    let context = fetched.integrationContext;

    sim.state.breaches.find((b) => b.pbid === 30957)!.acknowledged = true;
    const modified = await exec({ command: 'get-modified-remote-data', args: { lastUpdate: '2026-03-01T12:00:00Z' }, integrationContext: context });
    expect(modified).toMatchObject({ ok: true, results: ['30957'] });
    context = modified.integrationContext;

    const remote = await exec({ command: 'get-remote-data', args: { id: '30957', lastUpdate: '2026-03-01T12:00:00Z' }, integrationContext: context });
    expect(remote.results).toMatchObject({
      mirroredObject: { id: '30957', acknowledged: true },
      entries: [{ Contents: { dbotIncidentClose: true, closeReason: 'Acknowledged in Darktrace' } }],
    });

    const update = await exec({
      command: 'update-remote-system',
      args: {
        remoteId: '30951',
        status: 2,
        incidentChanged: true,
        delta: { closeReason: 'Resolved' },
        entries: [{ id: '1@2', contents: 'done', tags: ['comment'], user: 'bob' }],
      },
      integrationContext: remote.integrationContext,
    });
    expect(update).toMatchObject({ ok: true, results: '30951' });
    expect(sim.state.breaches.find((b) => b.pbid === 30951)!.acknowledged).toBe(true);
    expect(sim.state.comments.filter((c) => c.pbid === 30951).map((c) => c.message)).toContain('[XSOAR] bob: done');
  });

  it('get-mapping-fields needs no context; a bad remote id is an argument error naming it', async () => {
    expect((await exec({ command: 'get-mapping-fields' })).results).toEqual([
      expect.objectContaining({ type: 'Darktrace Model Breach' }),
      expect.objectContaining({ type: 'Darktrace AI Analyst Incident Event' }),
    ]);
    const bad = await exec({ command: 'get-remote-data', args: { id: 'not-an-id' } });
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatchObject({ code: 'DT_ARG_INVALID' });
    expect(bad.error?.message).toContain('id');
  });
});
