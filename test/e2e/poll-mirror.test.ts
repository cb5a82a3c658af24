// `poll --mirror` for users without a SOAR platform: update records for fetched breaches that were
// acknowledged or commented on in Darktrace, in the out file exactly once, also across a crash
// between the out file and the state files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

let sim: RunningSimulator;
let dir: string;
beforeEach(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS] });
  dir = tempDir();
  return () => sim.close();
});

const paths = () => ({ state: join(dir, 'checkpoint.json'), out: join(dir, 'incidents.jsonl') });
const env = () => ({ ...instanceEnv(sim.url, { isFetch: true, first_fetch: '2026-02-28' }), DARKTRACE_SOAR_RETRIES: '0' });

async function pollOnce(): Promise<void> {
  const { state, out } = paths();
  const run = await runCli(['poll', '--mirror', '--state', state, '--out', out, '--cycles', '1'], { env: env() });
  expect(run.stderr).not.toMatch(/"level":(40|50)/);
  expect(run.code).toBe(0);
}

function lines(): Array<Record<string, unknown>> {
  return readFileSync(paths().out, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const updates = () => lines().filter((l) => l['type'] === 'update');

function changeInDarktrace(): void {
  sim.state.breaches.find((b) => b.pbid === 30953)!.acknowledged = true;
  sim.state.comments.push({ time: Date.now(), pbid: 30954, username: 'analyst3', message: 'Owner confirmed.', pid: 1, name: 'model' });
  sim.state.breaches.find((b) => b.pbid === 30954)!.commentCount += 1;
  // Ours (the close command's prefix): never reported.
  sim.state.comments.push({ time: Date.now(), pbid: 30955, username: 'api-user', message: '[XSOAR] from a script', pid: 1, name: 'model' });
  sim.state.breaches.find((b) => b.pbid === 30955)!.commentCount += 1;
}

describe('poll --mirror', () => {
  it('appends one update record per change, once', async () => {
    await pollOnce();
    expect(lines().length).toBeGreaterThan(0);
    expect(updates()).toEqual([]);
    changeInDarktrace();
    await pollOnce();
    await pollOnce();
    expect(updates()).toEqual([
      { type: 'update', id: '30953', acknowledged: true, comments: [] },
      { type: 'update', id: '30954', acknowledged: false, comments: [{ time: expect.any(String), username: 'analyst3', message: 'Owner confirmed.' }] },
    ]);
  });

  it('records appended but not committed (a crash before the state was stored) are cut and written again once', async () => {
    await pollOnce();
    changeInDarktrace();
    const { out } = paths();
    // What a crash right after appending leaves: records past the checkpoint's outBytes.
    writeFileSync(out, `${readFileSync(out, 'utf8')}{"type":"update","id":"30953","acknowledged":true,"comments":[]}\n`);
    await pollOnce();
    expect(updates().map((u) => u['id'])).toEqual(['30953', '30954']);
  });

  it('a round stored but not yet in the checkpoint (a crash between the two) is kept, not repeated', async () => {
    await pollOnce();
    changeInDarktrace();
    const { state, out } = paths();
    const checkpointBefore = readFileSync(state, 'utf8');
    await pollOnce();
    // Undo step (3) only: the checkpoint's outBytes as it was before the round's records.
    const committed = JSON.parse(readFileSync(state, 'utf8')) as Record<string, unknown>;
    writeFileSync(state, JSON.stringify({ ...committed, outBytes: (JSON.parse(checkpointBefore) as { outBytes: number }).outBytes }));
    const size = readFileSync(out).length;
    await pollOnce();
    expect(readFileSync(out).length).toBe(size);
    expect(updates().map((u) => u['id'])).toEqual(['30953', '30954']);
  });

  it('--all with --mirror is refused before anything is sent', async () => {
    const run = await runCli(['poll', '--all', '--mirror', '--state-dir', dir], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('poll --mirror runs one instance');
    expect(sim.requests).toEqual([]);
  });
});
