// Issue #16, model-breach triage filters, over the real CLI against the simulator: each filter's
// effect on what `fetch` delivers, cycle after cycle with a small max_alerts, against an oracle
// written from the simulator's own breach data (not from src/domain); every breach left out is
// counted exactly once over all the cycles under its rule (so none comes back), and a last cycle
// finds nothing new. Bad filter values stop before anything is sent or written.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import type { Breach } from '../../src/simulator/dataset.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { pbidsOfLines, scenarioDataset } from '../helpers/fetch-scenario.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

type Model = Breach['model']['then'] & { category?: string; compliance?: boolean };

/** The category as the simulator's data states it: compliance flag, category, else from priority (5 Critical, 4 Suspicious). */
function categoryOf(m: Model): string {
  if (m.compliance === true) return 'Compliance';
  if (m.category) return m.category;
  return m.priority === 5 ? 'Critical' : m.priority === 4 ? 'Suspicious' : 'Informational';
}

interface Row {
  readonly name: string;
  readonly params: Readonly<Record<string, string | number | boolean>>;
  /** Which breaches the appliance returns (acknowledged ones only with include_acknowledged). */
  readonly returned?: (b: Breach) => boolean;
  /** Which of those are delivered. */
  readonly keep: (m: Model) => boolean;
  /** The rule the others are counted under. */
  readonly rule?: string;
}

const ROWS: Row[] = [
  { name: 'no filters', params: {}, keep: () => true },
  { name: 'min_priority 4', params: { min_priority: 4 }, keep: (m) => m.priority >= 4, rule: 'min_priority' },
  {
    name: 'categories critical, compliance',
    params: { categories: 'critical, Compliance' },
    keep: (m) => ['Critical', 'Compliance'].includes(categoryOf(m)),
    rule: 'categories',
  },
  { name: 'model_include Compromise::*', params: { model_include: 'Compromise::*' }, keep: (m) => m.name.startsWith('Compromise::'), rule: 'model_include' },
  {
    name: 'model_exclude, one glob per line',
    params: { model_exclude: 'device::*\nCompliance :: *' },
    keep: (m) => !m.name.startsWith('Device::') && !m.name.startsWith('Compliance::'),
    rule: 'model_exclude',
  },
  { name: 'include_acknowledged', params: { include_acknowledged: true }, returned: () => true, keep: () => true },
];

describe('model-breach triage filters through `fetch`', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    const dataset = scenarioDataset({ count: 80, nowMs: systemClock.now(), days: 1, seed: 23 });
    // Every ninth breach acknowledged: left out by the appliance unless include_acknowledged.
    dataset.breaches.forEach((b, i) => (b.acknowledged = i % 9 === 4));
    sim = await startSimulator({ tokens: [CANARY_TOKENS], dataset });
  });
  afterAll(() => sim.close());

  const env = (extra: Readonly<Record<string, string | number | boolean>>) => ({
    ...instanceEnv(sim.url, { isFetch: true, min_score: 0, max_alerts: 25, first_fetch: '2 days', ...extra }),
    DARKTRACE_SOAR_RETRIES: '0',
  });

  it.each(ROWS)(
    '$name: delivers exactly what the filter keeps, counts the rest once under its rule',
    async ({ params, returned, keep, rule }) => {
      const byOrder = [...sim.state.breaches].sort((a, b) => a.creationTime - b.creationTime || a.pbid - b.pbid);
      const fromAppliance = byOrder.filter(returned ?? ((b) => !b.acknowledged));
      const want = fromAppliance.filter((b) => keep(b.model.then as Model)).map((b) => b.pbid);
      const leftOut = fromAppliance.length - want.length;

      const state = join(tempDir(), 'state.json');
      const delivered: number[] = [];
      const cycles: Array<{ delivered: number; filtered: number; filteredBy: Record<string, number>; alreadyDelivered: number }> = [];
      for (let i = 0; i < 20; i++) {
        const run = await runCli(['fetch', '--state', state], { env: env(params) });
        expect(run.code, run.stderr).toBe(0);
        delivered.push(...pbidsOfLines(run.stdout));
        const line = run.stderr
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find((l) => l.msg === 'fetch cycle done');
        cycles.push(line as (typeof cycles)[number]);
        if (run.stdout === '') break;
      }
      expect(want.length).toBeGreaterThan(0);
      expect(delivered).toEqual(want);
      // Every breach left out counted once over all the cycles: it never came back.
      expect(cycles.reduce((n, c) => n + c.filtered, 0)).toBe(leftOut);
      const byRule = cycles.reduce((n, c) => n + (rule === undefined ? 0 : (c.filteredBy[rule] ?? 0)), 0);
      expect(byRule).toBe(leftOut);
      if (rule !== undefined) expect(leftOut).toBeGreaterThan(0);
      // The last cycle found nothing new: what it saw again in the overlap counts as already passed.
      expect(cycles.at(-1)).toMatchObject({ delivered: 0, filtered: 0 });
      const includeAck = sim.requests
        .filter((r) => r.path === '/modelbreaches')
        .at(-1)
        ?.rawQuery.includes('includeacknowledged=true');
      expect(includeAck).toBe(params['include_acknowledged'] === true);
    },
    60_000,
  );

  it.each<{ name: string; params: Record<string, string | number>; want: string }>([
    {
      name: 'an unknown category',
      params: { categories: 'Critical,Urgent' },
      want: '  categories: expected a comma-separated list of Critical, Suspicious, Compliance, Informational; "Urgent" is not one',
    },
    {
      name: 'an invalid glob',
      params: { model_include: 'Compromise::[a-z]*' },
      want: '  model_include: expected one a model name or a glob of one such as Compromise::* (* any characters, ? one character, case-insensitive) per line (or comma-separated); "Compromise::[a-z]*" uses "[", which these globs do not support (only * and ? are special)',
    },
    {
      name: 'a priority out of range',
      params: { min_priority: 7 },
      want: '  min_priority (DARKTRACE_MIN_PRIORITY): expected an integer from 0 to 5, got "7"',
    },
  ])('refuses $name at configuration time: exit 2, nothing sent, no checkpoint', async ({ params, want }) => {
    const dir = tempDir();
    const before = sim.requests.length;
    const run = await runCli(['fetch', '--state', join(dir, 'state.json')], { env: env(params) });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual(['darktrace-soar: invalid configuration', `${want} [DT_CONFIG_INVALID]`, '']);
    expect(sim.requests.length).toBe(before);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
  });
});
