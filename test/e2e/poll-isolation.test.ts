// Issue #12, point 2: in `poll --all` one instance's failures never stop the others. One instance
// is fed poisoned breaches by a hostile appliance started here (a nesting bomb JSON.stringify
// cannot serialise, a creationTime of 1e300, an activity time of 1e300), another has an out file
// that is a folder; the healthy instance and the poisoned one deliver every cycle, the poisoned
// records are quarantined once, and the broken out file is named at the end.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { modelBreaches } from '../../src/incidents/sources/model-breaches.js';
import { readCheckpointFile as readWith } from '../../src/incidents/state-file.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { expectedPbids, MIN_SCORE, pbidsOfLines, scenarioDataset } from '../helpers/fetch-scenario.js';
import { runCli, tempDir, writeConfig } from '../helpers/run-cli.js';

const readCheckpointFile = (path: string) => readWith(path, [modelBreaches]);

const NOW = systemClock.now();
const env = { DARKTRACE_SOAR_RETRIES: '0', DARKTRACE_SOAR_MIN_INTERVAL: '0s' };
const tokens = { public_api_token: 'pub-token-isolation', private_api_token: 'priv-token-isolation' };

let sim: RunningSimulator;
let hostile: Server;
let hostileUrl: string;
const NEST = 200_000;

/** Good breaches from the simulator's answer plus three poisoned ones, as raw JSON text. */
function poisonedAnswer(good: string): string {
  const created = NOW - 3_600_000;
  const bomb = `{"pbid":9001,"creationTime":${created},"time":${created},"score":0.9,"model":{"then":{"name":"Bomb::Nested","category":"Critical"}},"triggeredComponents":${'['.repeat(NEST)}${']'.repeat(NEST)}}`;
  const farTime = `{"pbid":9002,"creationTime":1e300,"score":0.9,"model":{"then":{"name":"Bomb::Time"}}}`;
  const hugeActivity = `{"pbid":9003,"creationTime":${created + 1},"time":1e300,"score":0.9,"model":{"then":{"name":"Odd::Time"}}}`;
  return `${good.slice(0, -1)}${good.length > 2 ? ',' : ''}${bomb},${farTime},${hugeActivity}]`;
}

beforeAll(async () => {
  sim = await startSimulator({
    tokens: [{ publicToken: 'pub-token-isolation', privateToken: 'priv-token-isolation' }],
    dataset: scenarioDataset({ count: 40, nowMs: NOW, days: 1, seed: 77 }),
  });
  // The hostile appliance relays the simulator's answer (so its window is honoured) and appends the poison.
  hostile = createServer((req, res) => {
    void fetch(`${sim.url}${req.url ?? '/'}`, {
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('dtapi-'))) as Record<string, string>,
    })
      .then(async (r) => {
        const body = await r.text();
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(req.url?.startsWith('/modelbreaches') && r.ok ? poisonedAnswer(body) : body);
      })
      .catch(() => res.destroy());
  });
  hostile.listen(0, '127.0.0.1');
  await once(hostile, 'listening');
  hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
});
afterAll(async () => {
  hostile.close();
  await sim.close();
});

describe('poll --all isolation', () => {
  it('a poisoned appliance and an unwritable out file never stop the healthy instances', async () => {
    const config = writeConfig({
      isFetch: true,
      min_score: MIN_SCORE,
      max_alerts: 1000,
      first_fetch: '2 days',
      instances: { healthy: { url: sim.url, ...tokens }, poisoned: { url: hostileUrl, ...tokens }, broken: { url: sim.url, ...tokens } },
    });
    const stateDir = tempDir();
    const outDir = tempDir();
    mkdirSync(join(outDir, 'broken.jsonl')); // its out file is a folder
    const seeded = { version: 2, streams: { 'model-breaches': { creationTimeMs: NOW - 2 * 86_400_000, recent: [] } } };
    writeFileSync(join(stateDir, 'broken.json'), JSON.stringify(seeded));

    const run = await runCli(['poll', '--all', '--config', config, '--state-dir', stateDir, '--out-dir', outDir, '--interval', '10ms', '--cycles', '3'], {
      env,
    });
    const logs = run.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const cycles = logs.filter((l) => l.msg === 'poll cycle done');
    expect(
      cycles.map(({ ok }) => ok),
      run.stderr,
    ).toEqual([2, 2, 2]);
    expect(cycles.every((c) => c.failing === 1)).toBe(true);

    const want = expectedPbids(sim.state.breaches);
    expect(pbidsOfLines(readFileSync(join(outDir, 'healthy.jsonl'), 'utf8'))).toEqual(want);
    // The poisoned instance delivers the good breaches and the one with an absurd activity time.
    const poisonedOut = readFileSync(join(outDir, 'poisoned.jsonl'), 'utf8');
    expect(pbidsOfLines(poisonedOut).sort()).toEqual([...want, 9003].sort());
    const odd = poisonedOut
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { dbotMirrorId: string; occurred: string })
      .find((i) => i.dbotMirrorId === '9003')!;
    expect(odd.occurred).toBe(new Date(NOW - 3_600_000 + 1).toISOString());
    const quarantine = readFileSync(join(stateDir, 'poisoned.json.quarantine.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { pbid: string; field: string; reason: string });
    expect(quarantine.map(({ pbid, field }) => [pbid, field]).sort()).toEqual([
      ['9001', '(record)'],
      ['9002', 'creationTime'],
    ]);
    const warned = logs.filter((l) => l.msg === 'model breach quarantined');
    expect(warned.map((l) => [l.instance, l.pbid]).sort()).toEqual([
      ['poisoned', '9001'],
      ['poisoned', '9002'],
    ]);

    const broken = logs.filter((l) => l.instance === 'broken' && l.msg === 'delivery failing; checkpoint kept, backing off');
    expect(broken.length).toBeGreaterThan(0);
    expect(broken[0]).toMatchObject({
      code: 'DT_DELIVERY',
      reason: expect.stringMatching(/cannot open the output file .*broken\.jsonl: it is a directory, not a file \(EISDIR\)/),
    });
    expect(readCheckpointFile(join(stateDir, 'broken.json'))).toEqual(seeded);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /\ndarktrace-soar: instance broken: cannot open the output file .*broken\.jsonl: it is a directory, not a file \(EISDIR\).*\[DT_DELIVERY\]\n$/,
    );
  }, 60_000);
});

describe('poll --all and the checkpoint locks', () => {
  it('exits 2 at once, naming the instance and the holder, when another process holds a checkpoint', async () => {
    const requestsBefore = sim.requests.length;
    const config = writeConfig({ isFetch: true, first_fetch: '2 days', instances: { a: { url: sim.url, ...tokens }, b: { url: sim.url, ...tokens } } });
    const stateDir = tempDir();
    // This test process is alive: its lock must be respected.
    writeFileSync(join(stateDir, 'b.json.lock'), JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-03-01T12:00:00.000Z' }));
    const run = await runCli(['poll', '--all', '--config', config, '--state-dir', stateDir, '--cycles', '1'], { env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(
        `darktrace-soar: instance b: the fetch checkpoint .*b\\.json is in use by process ${process.pid} on ${hostname()} since 2026-03-01T12:00:00\\.000Z: .*\\[DT_STATE_LOCKED\\]\\n$`,
      ),
    );
    expect(sim.requests.length).toBe(requestsBefore);
    expect(existsSync(join(stateDir, 'a.json.lock'))).toBe(false); // the lock it had taken is given back
  });
});
