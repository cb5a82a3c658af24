// Issue #7, "Many appliances": `poll --all` over 20 instances of one config file, three of them
// failing each in its own way (a closed port, an appliance answering 503, a wrong token). The 17
// others must deliver every qualifying breach exactly once into their own out files across two runs
// and several cycles, their checkpoints advancing, while the failing ones' checkpoints stay put.
// Plus: incidents on stdout tagged by instance, config errors naming instance and parameter, and
// SIGTERM. No sleeps: faults come from the simulators, waits are on the child's output and exit.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import type { Checkpoint } from '../../src/incidents/checkpoint.js';
import { modelBreaches, type ModelBreachSection } from '../../src/incidents/sources/model-breaches.js';
import { readCheckpointFile as readWith } from '../../src/incidents/state-file.js';
import { FLEET_FAILING, startFleet, type Fleet } from '../../src/simulator/fleet.js';
import { startSimulator } from '../../src/simulator/server.js';
import { DAY_MS, expectedPbids, lateArrival, MIN_SCORE, pbidsOfLines, scenarioDataset } from '../helpers/fetch-scenario.js';
import { BIN, runCli, tempDir, writeConfig } from '../helpers/run-cli.js';

const readCheckpointFile = (path: string) => readWith(path, [modelBreaches]);
/** The model-breach section of a checkpoint (version 2). */
const breachSection = (c: Checkpoint | undefined) => c?.streams['model-breaches'] as ModelBreachSection | undefined;

const NOW = systemClock.now();
// DARKTRACE_SOAR_MIN_INTERVAL: the tests' 10ms intervals are under the 10 s floor meant for operators.
const env = { DARKTRACE_SOAR_RETRIES: '0', DARKTRACE_SOAR_MIN_INTERVAL: '0s' };

interface CycleLine {
  cycle: number;
  instances: number;
  ok: number;
  failing: number;
  delivered: number;
}

function logLines(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
const cycleLines = (stderr: string) => logLines(stderr).filter((l) => l.msg === 'poll cycle done') as unknown as CycleLine[];

let fleet: Fleet;
const breachesOf = (name: string) => fleet.simulatorOf(name).state.breaches;

beforeAll(async () => {
  fleet = await startFleet({ healthy: 17, simulators: 4, dataset: (k) => scenarioDataset({ count: 70, nowMs: NOW, days: 2, seed: 40 + k }) });
});
afterAll(() => fleet.close());

describe('poll --all, 20 instances, 3 failing', () => {
  it('delivers every qualifying breach exactly once per healthy instance; failing checkpoints stay put', async () => {
    const { instances } = fleet;
    // Top-level parameters are every instance's defaults.
    const config = writeConfig({ isFetch: true, min_score: MIN_SCORE, max_alerts: 12, first_fetch: '3 days', instances });
    const stateDir = tempDir();
    const outDir = join(tempDir(), 'out');
    const seeded: Checkpoint = { version: 2, streams: { 'model-breaches': { creationTimeMs: NOW - 3 * DAY_MS, recent: [] } } };
    for (const name of Object.keys(instances)) writeFileSync(join(stateDir, `${name}.json`), JSON.stringify(seeded));
    const poll = (cycles: number) =>
      runCli(['poll', '--all', '--config', config, '--state-dir', stateDir, '--out-dir', outDir, '--interval', '10ms', '--cycles', String(cycles)], { env });

    const first = await poll(2);
    expect(first.code, first.stderr).toBe(0);
    // New breaches appear between the runs, one qualifying and one not on each healthy appliance.
    fleet.simulators.forEach((sim, k) =>
      sim.state.breaches.push(...[0, 1].map((j) => lateArrival(sim.state.breaches[0]!, 990_000 + 2 * k + j, systemClock.now()))),
    );
    const second = await poll(5);
    expect(second.code, second.stderr).toBe(0);

    for (const run of [first, second]) {
      expect(run.stdout).toBe(''); // with --out-dir, incidents go to files only
      expect(cycleLines(run.stderr).map(({ instances: n, ok, failing }) => ({ n, ok, failing }))).toEqual(
        cycleLines(run.stderr).map(() => ({ n: 20, ok: 17, failing: 3 })),
      );
    }
    expect(cycleLines(first.stderr).map((l) => l.cycle)).toEqual([1, 2]);
    expect(cycleLines(second.stderr).map((l) => l.cycle)).toEqual([1, 2, 3, 4, 5]);

    let deliveredInFiles = 0;
    fleet.healthy.forEach((name) => {
      const out = readFileSync(join(outDir, `${name}.jsonl`), 'utf8');
      const got = pbidsOfLines(out);
      deliveredInFiles += got.length;
      expect(got, name).toEqual(expectedPbids(breachesOf(name)));
      const checkpoint = readCheckpointFile(join(stateDir, `${name}.json`))!;
      expect(checkpoint.outBytes, name).toBe(Buffer.byteLength(out));
      expect(breachSection(checkpoint)!.creationTimeMs, name).toBeGreaterThan(breachSection(seeded)!.creationTimeMs);
    });
    const deliveredInLogs = [...cycleLines(first.stderr), ...cycleLines(second.stderr)].reduce((sum, l) => sum + l.delivered, 0);
    expect(deliveredInLogs).toBe(deliveredInFiles);
    expect(deliveredInFiles).toBeGreaterThan(17 * 20);
    // The late arrivals needed the second run: the first could not have drained 12 per cycle.
    expect(cycleLines(second.stderr)[0]!.delivered).toBeGreaterThan(0);

    const failures = logLines(second.stderr).filter((l) => l.msg === 'appliance failing; checkpoint kept, backing off');
    for (const { name, code } of FLEET_FAILING) {
      expect(readCheckpointFile(join(stateDir, `${name}.json`)), name).toEqual(seeded);
      expect(readFileSync(join(outDir, `${name}.jsonl`), 'utf8'), name).toBe('');
      expect(new Set(failures.filter((l) => l.instance === name).map((l) => l.code)), name).toEqual(new Set([code]));
    }
    expect(new Set(failures.map((l) => l.instance))).toEqual(new Set(FLEET_FAILING.map((f) => f.name)));
  }, 60_000);
});

describe('poll --all without --out-dir', () => {
  it('writes JSON lines tagged with the instance name to stdout', async () => {
    const names = { east: 'appliance-01', west: 'appliance-02' };
    const config = writeConfig({
      isFetch: true,
      min_score: MIN_SCORE,
      max_alerts: 1000,
      first_fetch: '3 days',
      instances: { east: fleet.instances['appliance-01'], west: fleet.instances['appliance-02'] },
    });
    const run = await runCli(['poll', '--all', '--config', config, '--state-dir', tempDir(), '--cycles', '1'], { env });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { instance: string; dbotMirrorId: string });
    for (const [name, appliance] of Object.entries(names)) {
      expect(
        lines.filter((l) => l.instance === name).map((l) => Number(l.dbotMirrorId)),
        name,
      ).toEqual(expectedPbids(breachesOf(appliance)));
    }
    expect(lines).toHaveLength(expectedPbids(breachesOf('appliance-01')).length + expectedPbids(breachesOf('appliance-02')).length);
  });
});

describe('poll --all with a hung appliance', () => {
  it('abandons its cycle at its timeout; the healthy instance delivers every cycle', async () => {
    const hung = await startSimulator({ tokens: [{ publicToken: 'pub-hung', privateToken: 'priv-hung' }] });
    hung.faults.push({ kind: 'delay', ms: 30_000 }, 100);
    try {
      const config = writeConfig({
        isFetch: true,
        min_score: MIN_SCORE,
        max_alerts: 1000,
        first_fetch: '3 days',
        instances: {
          healthy: fleet.instances['appliance-03'],
          hung: { url: hung.url, public_api_token: 'pub-hung', private_api_token: 'priv-hung', timeout: 1 },
        },
      });
      const stateDir = tempDir();
      const seeded: Checkpoint = { version: 2, streams: { 'model-breaches': { creationTimeMs: NOW - 3 * DAY_MS, recent: [] } } };
      writeFileSync(join(stateDir, 'hung.json'), JSON.stringify(seeded));
      const run = await runCli(
        ['poll', '--all', '--config', config, '--state-dir', stateDir, '--out-dir', tempDir(), '--concurrency', '1', '--interval', '10ms', '--cycles', '3'],
        { env },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(cycleLines(run.stderr).map(({ ok, failing }) => ({ ok, failing }))).toEqual([1, 2, 3].map(() => ({ ok: 1, failing: 1 })));
      const hungCodes = logLines(run.stderr)
        .filter((l) => l.instance === 'hung' && l.msg === 'appliance failing; checkpoint kept, backing off')
        .map((l) => l.code);
      expect(hungCodes.length).toBeGreaterThan(0);
      expect(new Set(hungCodes)).toEqual(new Set(['DT_TIMEOUT']));
      expect(readCheckpointFile(join(stateDir, 'hung.json'))).toEqual(seeded);
    } finally {
      await hung.close();
    }
  });
});

describe('poll --all configuration errors', () => {
  const good = { url: 'https://dt.example', public_api_token: 'pub-token-p', private_api_token: 'priv-token-q' };
  it.each([
    {
      name: 'every bad value, named by instance and parameter',
      config: { isFetch: true, instances: { a: { ...good, url: 'ftp://dt.example' }, b: { ...good, min_score: 'high' }, c: { url: 'https://dt.example' } } },
      want: [
        '  instances.a.url (config file): expected an http(s) URL, got "ftp://dt.example"',
        '  instances.b.min_score (config file): expected an integer from 0 to 100, got "high"',
        '  instances.c.public_api_token: required; set it under instances.c or at the top level',
        '  instances.c.private_api_token: required',
      ],
    },
    {
      name: 'a top-level default is blamed on the top level',
      config: { min_score: 'high', instances: { a: good, b: { ...good, min_score: 70 } } },
      want: ['  instances.a.min_score (config file, top level): expected an integer from 0 to 100, got "high"'],
      not: ['instances.b.min_score'],
    },
    {
      name: 'instance names must be safe file names',
      config: { instances: { 'acme/eu': good, '.hidden': good } },
      want: ['  instances.acme/eu: instance names become file names', '  instances..hidden: instance names become file names'],
    },
    {
      name: 'names differing only in case would share a file',
      config: { instances: { Acme: good, acme: good } },
      want: ['  instances.acme: same file name as instance Acme'],
    },
    { name: 'no instances', config: { ...good }, want: ['  instances (config file): expected a mapping of instance names'] },
    {
      name: 'an unknown top-level key is reported once',
      config: { min_scor: 5, instances: { a: good, b: good } },
      want: ['  min_scor (config file, top level): not a parameter of this integration'],
      not: ['instances.a.min_scor'],
    },
  ])('$name: exit 2', async ({ config, want, not = [] }) => {
    const run = await runCli(['poll', '--all', '--config', writeConfig(config), '--state-dir', tempDir(), '--cycles', '1'], { env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^darktrace-soar: invalid configuration\n/);
    expect(run.stderr).toMatch(/\[DT_CONFIG_INVALID\]\n$/);
    for (const line of want) expect(run.stderr).toContain(line);
    for (const text of not) expect(run.stderr).not.toContain(text);
  });
});

describe('poll --all usage errors', () => {
  const good = { url: 'https://dt.example', public_api_token: 'pub-token-p', private_api_token: 'priv-token-q', isFetch: true };
  it.each([
    { name: 'a state dir that is a file', args: (file: string) => ['--state-dir', file], text: '--state-dir' },
    { name: 'an out dir that is a file', args: (file: string) => ['--state-dir', tempDir(), '--out-dir', file], text: '--out-dir' },
    { name: 'a concurrency that is not a count', args: () => ['--state-dir', tempDir(), '--concurrency', 'abc'], text: '--concurrency' },
  ])('$name: exit 2, one line naming the option', async ({ args, text }) => {
    const file = writeConfig({ not: 'a folder' });
    const run = await runCli(['poll', '--all', '--config', writeConfig({ instances: { a: good } }), ...args(file), '--cycles', '1'], { env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(text);
    expect(run.stderr).toMatch(/\[DT_USAGE\]\n$/);
  });
});

describe('poll --all on SIGTERM', () => {
  it('exits 0 after the first cycle with every checkpoint valid and covering its out file', async () => {
    const config = writeConfig({
      isFetch: true,
      min_score: MIN_SCORE,
      max_alerts: 5,
      first_fetch: '3 days',
      instances: { one: fleet.instances['appliance-01'], two: fleet.instances['appliance-02'], down: fleet.instances['down-503'] },
    });
    const stateDir = tempDir();
    const outDir = tempDir();
    const child = spawn(process.execPath, [BIN, 'poll', '--all', '--config', config, '--state-dir', stateDir, '--out-dir', outDir, '--interval', '1h'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = once(child, 'exit');
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        if (stderr.includes('"msg":"poll cycle done"')) resolve();
      });
    });
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(stderr).toContain('"msg":"poll stopping"');
    for (const name of ['one', 'two']) {
      const out = readFileSync(join(outDir, `${name}.jsonl`), 'utf8');
      expect(pbidsOfLines(out), name).toHaveLength(5);
      expect(readCheckpointFile(join(stateDir, `${name}.json`))?.outBytes, name).toBe(Buffer.byteLength(out));
    }
    expect(breachSection(readCheckpointFile(join(stateDir, 'down.json')))?.recent).toEqual([]);
  });
});
