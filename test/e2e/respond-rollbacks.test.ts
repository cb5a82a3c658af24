// The rollbacks of tags and watched entries, end to end over real sockets: the line a write returns
// as its rollback undoes it (tag -> remove -> the device's tags show it gone; watch -> unwatch ->
// the watched list shows it gone), a DELETE answered 502 after it was applied (the 7.1.0 lab
// gateway) is reported done and verified, refusals exit 1 with the appliance's reason, and dry
// runs send nothing.
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli } from '../helpers/run-cli.js';
import { withSimulator } from '../helpers/start-simulator.js';

type Json = Record<string, any>;
const handle = withSimulator(() => ({ tokens: [{ ...CANARY_TOKENS }] }), 'each');

async function run(line: string, url = handle.sim.url): Promise<{ code: number | null; stderr: string; answer: Json }> {
  const r = await runCli(['run', line, '--json'], { env: instanceEnv(url) });
  return { code: r.code, stderr: r.stderr, answer: r.code === 0 ? (JSON.parse(r.stdout) as Json) : {} };
}

const writes = () => handle.sim.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

describe('rollback round trips', () => {
  it('tag -> remove (the rollback line) -> the device tags show it gone', async () => {
    const tagged = await run('!darktrace-post-tag-to-device deviceId=1501 tagName="Active Threat"');
    const rollback = tagged.answer['outputs']['Darktrace.Device']['rollback'] as string;
    expect(rollback).toBe('!darktrace-remove-tag-from-device deviceId=1501 tagName="Active Threat"');
    const between = await run('!darktrace-get-tags-for-device deviceId=1501');
    expect((between.answer['outputs']['Darktrace.Device'] as Json[]).map((t) => t['tagName'])).toEqual(['Active Threat']);

    const removed = await run(rollback);
    expect(removed.code).toBe(0);
    expect(removed.answer['outputs']['Darktrace.Device']).toMatchObject({
      removed: true,
      verified: true,
      rollback: '!darktrace-post-tag-to-device deviceId=1501 tagName="Active Threat"',
    });
    const after = await run('!darktrace-get-tags-for-device deviceId=1501');
    expect(after.answer['outputs']).toEqual({});
    expect(writes()).toEqual(['POST /tags/entities', 'DELETE /tags/entities']);
  });

  it('watch -> unwatch (the rollback line) -> the watched list shows it gone', async () => {
    const watched = await run('!darktrace-post-to-watched-list endpointsToWatch=exfil.example description="incident 42"');
    const [rollback] = watched.answer['outputs']['Darktrace.Endpoint']['rollback'] as string[];
    expect(rollback).toBe('!darktrace-remove-from-watched-list endpoint=exfil.example');
    const names = async () => ((await run('!darktrace-get-watched-list')).answer['outputs']['Darktrace.WatchedEndpoint'] as Json[]).map((e) => e['name']);
    expect(await names()).toContain('exfil.example');

    const removed = await run(rollback!);
    expect(removed.answer['outputs']['Darktrace.Endpoint']).toMatchObject({
      endpoint: 'exfil.example',
      removed: true,
      verified: true,
      rollback: '!darktrace-post-to-watched-list endpointsToWatch=exfil.example description="incident 42"',
    });
    expect(await names()).not.toContain('exfil.example');
    expect(writes()).toEqual(['POST /intelfeed', 'POST /intelfeed']);
  });
});

describe('answers that do not say what happened', () => {
  it('a DELETE applied and answered 502 (the lab gateway): sent once, reported removed and verified, exit 0', async () => {
    const sim = await startSimulator({ tokens: [{ ...CANARY_TOKENS }], deleteAnswers502: true });
    try {
      const r = await run('!darktrace-remove-tag-from-device deviceId=1428 tagName="Active Threat"', sim.url);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.answer['outputs']['Darktrace.Device']).toMatchObject({ removed: true, verified: true });
      expect(r.answer['readable']).toContain('some gateways answer 502 to an applied DELETE');
      expect(sim.requests.filter((q) => q.method === 'DELETE').map((q) => q.status)).toEqual([502]);
    } finally {
      await sim.close();
    }
  });

  it('a watched-list removal applied and answered 500: sent once, reported removed and verified', async () => {
    handle.sim.faults.push({ kind: 'applied-status', status: 500 }, 1, 'writes');
    const r = await run('!darktrace-remove-from-watched-list endpoint=malware-drop.example');
    expect(r.code).toBe(0);
    expect(r.answer['outputs']['Darktrace.Endpoint']).toMatchObject({ removed: true, verified: true });
    expect(writes()).toEqual(['POST /intelfeed']);
  });

  it('a watched-list removal whose connection reset before it was applied: sent once, exit 1 DT_WRITE_NOT_APPLIED', async () => {
    handle.sim.faults.push({ kind: 'reset' }, 1, 'writes');
    const r = await run('!darktrace-remove-from-watched-list endpoint=malware-drop.example');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[DT_WRITE_NOT_APPLIED]');
    expect(writes()).toEqual(['POST /intelfeed']);
    expect(handle.sim.state.intelfeed.map((e) => e.name)).toContain('malware-drop.example');
  });
});

describe('refusals and dry runs', () => {
  it('an unknown tag is refused: exit 1 with the appliance reason', async () => {
    const r = await run('!darktrace-remove-tag-from-device deviceId=1428 tagName=Nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Tag Nope does not exist');
    expect(r.stderr).toContain('[DT_REJECTED]');
  });

  it.each([
    '!darktrace-remove-tag-from-device deviceId=1428 tagName="Active Threat" dry_run=true',
    '!darktrace-remove-from-watched-list endpoint=malware-drop.example dry_run=true',
  ])('%s sends nothing', async (line) => {
    const r = await run(line);
    expect(r.code).toBe(0);
    expect(Object.values(r.answer['outputs'])[0]).toMatchObject({ dryRun: true });
    expect(handle.sim.requests).toEqual([]);
  });
});
