// Property-style: every recorded breach (test_data/real/), edited one field at a time the way real
// appliances vary (the field null, the field removed, a number sent as a numeric string), still
// reads: get-model-breach, acknowledge and unacknowledge succeed on every variant. In-process
// through createIntegration over a real socket (thousands of cases), and a sample through the CLI.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntegration, type Integration } from '../../src/api/integration.js';
import { readInteger } from '../../src/appliance-values.js';
import { createLogger } from '../../src/log.js';
import { breachRecords, loadRealCases, type RealCase } from '../../src/simulator/real-data.js';
import { SIMULATOR_TOKENS, startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli } from '../helpers/run-cli.js';

const CASES = loadRealCases();
const ACK = CASES.find((c) => c.name === 'ack/xsoar-legacy-ack-success')!;

type Json = Record<string, unknown>;
interface Mutant {
  readonly name: string;
  readonly pbid: number;
  readonly record: Json;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Paths a mutation edits: every key of the record, of `device`, `model`, `model.then`, `model.now`
 * and `acknowledged`. `pbid` is left alone: without it there is no breach to ask for.
 */
function paths(record: Json): string[][] {
  const out: string[][] = [];
  const walk = (value: unknown, prefix: string[], depth: number) => {
    if (!isObject(value)) return;
    for (const key of Object.keys(value)) {
      const path = [...prefix, key];
      if (path.join('.') !== 'pbid') out.push(path);
      if (depth > 0 && ['device', 'model', 'then', 'now', 'acknowledged'].includes(key)) walk(value[key], path, depth - 1);
    }
  };
  walk(record, [], 2);
  return out;
}

function edit(record: Json, path: string[], change: (parent: Json, key: string) => void): Json {
  const copy = structuredClone(record);
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Json;
  change(parent, path.at(-1)!);
  return copy;
}

function mutants(): Mutant[] {
  const out: Mutant[] = [];
  for (const c of CASES.filter((x) => x.endpoint === 'modelbreach' || x.endpoint === 'modelbreaches')) {
    breachRecords(c).forEach((raw, index) => {
      if (!isObject(raw)) return;
      const pbid = readInteger(raw['pbid']);
      if (pbid === undefined) return;
      for (const path of paths(raw)) {
        const at = `${c.name}#${index} ${path.join('.')}`;
        out.push({ name: `${at} = null`, pbid, record: edit(raw, path, (p, k) => (p[k] = null)) });
        out.push({ name: `${at} removed`, pbid, record: edit(raw, path, (p, k) => delete p[k]) });
        const value = path.reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), raw);
        if (typeof value === 'number') out.push({ name: `${at} as string`, pbid, record: edit(raw, path, (p, k) => (p[k] = String(value))) });
      }
    });
  }
  return out;
}

function asCase(m: Mutant): RealCase {
  return { name: `mutant/${m.name}`, endpoint: 'modelbreach', source: 'a recorded record with one field edited', request: '', body: m.record };
}

const MUTANTS = mutants();

describe('one-field mutations of recorded breaches, in-process', () => {
  let sim: RunningSimulator;
  let dt: Integration;
  beforeAll(async () => {
    sim = await startSimulator({ data: 'real' });
    dt = createIntegration({
      params: { url: sim.url, public_api_token: SIMULATOR_TOKENS.publicToken, private_api_token: SIMULATOR_TOKENS.privateToken },
      logger: createLogger({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await dt.close();
    await sim.close();
  });

  it('covers nulls, removals and numbers as strings across the corpus', () => {
    expect(MUTANTS.filter((m) => m.name.endsWith('= null')).length).toBeGreaterThan(200);
    expect(MUTANTS.filter((m) => m.name.endsWith('as string')).length).toBeGreaterThan(50);
    expect(MUTANTS.some((m) => m.name.includes(' acknowledged.username'))).toBe(true);
    expect(MUTANTS.some((m) => m.name.includes(' device.did '))).toBe(true);
  });

  it('every mutant is read by get-model-breach (raw as sent), acknowledge and unacknowledge', async () => {
    const failures: string[] = [];
    for (const m of MUTANTS) {
      sim.real!.serve([asCase(m), ACK]);
      for (const command of ['darktrace-get-model-breach', 'darktrace-acknowledge-model-breach', 'darktrace-unacknowledge-model-breach']) {
        try {
          const out = await dt.execute(command, { pbid: m.pbid });
          const context = out.outputs['Darktrace.ModelBreach'] as Json;
          if (context['pbid'] !== m.pbid) failures.push(`${m.name}: ${command} answered pbid ${String(context['pbid'])}`);
          // Raw is the record as the appliance sent it: nulls and strings kept, nothing converted.
          if (command === 'darktrace-get-model-breach' && !isDeepStrictEqual(out.raw, m.record)) failures.push(`${m.name}: raw differs from the record sent`);
        } catch (err) {
          failures.push(`${m.name}: ${command}: ${(err as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // Three commands per mutant, each a full request: a cap for a loaded machine, not a speed claim.
  }, 180_000);
});

describe('one-field mutations through the CLI (a sample)', () => {
  // Every 97th mutant: a spread over the records and the three kinds of edit.
  const sample = MUTANTS.filter((_, i) => i % 97 === 0);

  it.concurrent.each(sample)('$name: get-model-breach exits 0', async (m) => {
    const sim = await startSimulator({ tokens: [{ ...CANARY_TOKENS }], data: 'real' });
    try {
      sim.real!.serve([asCase(m)]);
      const run = await runCli(['run', '--json', `!darktrace-get-model-breach pbid=${m.pbid}`], { env: instanceEnv(sim.url) });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect((JSON.parse(run.stdout) as { outputs: Record<string, Json> }).outputs['Darktrace.ModelBreach']?.['pbid']).toBe(m.pbid);
    } finally {
      await sim.close();
    }
  });
});
