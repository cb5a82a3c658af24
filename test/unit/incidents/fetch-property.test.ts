// Issue #11 acceptance, as a property over recorded-shape breaches and their one-field mutations
// (helpers/breach-corpus.ts): repeated cycles of the real fetcher (fetch + quarantine + out file +
// checkpoint, incidents/fetcher.ts) with a small max_alerts deliver every breach that has a pbid and a
// creation time exactly once, put every other record in the quarantine file with a reason, and
// account for every record received in every cycle. The expectation is derived from the mutation,
// not from the fetcher's own reader.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import type { FetchStats } from '../../../src/incidents/fetch-incidents.js';
import { createFetcher, quarantinePath, type FetchInstance } from '../../../src/incidents/fetcher.js';
import { modelBreaches, type BreachSource } from '../../../src/incidents/sources/model-breaches.js';
import { shuffled } from '../../../src/simulator/prng.js';
import { mutants, recordedShapes } from '../../helpers/breach-corpus.js';
import { tempDir } from '../../helpers/run-cli.js';

const NOW = Date.parse('2026-03-02T12:00:00Z');
const START = NOW - 6 * 3_600_000;
const UNDELIVERABLE = /: (pbid (null|removed)|creationTime (null|removed)|pbid a fraction|creationTime 1e300|deep nesting)$/;

type Rec = Record<string, unknown>;

/** Gives mutant i its own pbid and a creation time (three per millisecond), keeping the mutated form. */
function renumber(record: Rec, i: number): Rec {
  const pbid = 100_000 + i;
  const created = START + Math.floor(i / 3) * 1_000;
  const r = { ...record };
  if (typeof r.pbid === 'number') r.pbid = Number.isInteger(r.pbid) ? pbid : pbid + 0.5;
  else if (typeof r.pbid === 'string') r.pbid = String(pbid);
  if (typeof r.creationTime === 'number' && r.creationTime < 1e15) r.creationTime = created;
  else if (typeof r.creationTime === 'string') r.creationTime = String(created);
  return r;
}

/** Like the appliance: the creationtime window applied where it can read the time; any order. */
function fakeAppliance(records: readonly Rec[]) {
  let call = 0;
  return {
    modelBreachesReceived: async (q: { startTime?: number; endTime?: number }) =>
      shuffled(
        records.filter((r) => {
          const c = typeof r.creationTime === 'number' || typeof r.creationTime === 'string' ? Number(r.creationTime) : NaN;
          return !Number.isFinite(c) || c > 1e15 || (c >= (q.startTime ?? 0) && c <= (q.endTime ?? Infinity));
        }),
        ++call,
      ),
  };
}

describe('fetch over recorded shapes and one-field mutations', () => {
  const cases = mutants(recordedShapes()).map((m, i) => ({ ...m, record: renumber(m.record, i), pbid: 100_000 + i }));

  it.each([{ maxAlerts: 25 }, { maxAlerts: 3 }])(
    'max_alerts $maxAlerts: exactly once, the rest quarantined, nothing dropped',
    async ({ maxAlerts }) => {
      expect(cases.length).toBeGreaterThan(1_000);
      const dir = tempDir();
      const statePath = join(dir, 'state.json');
      const outPath = join(dir, 'out.jsonl');
      const clock = fixedClock(NOW);
      const warnings: Rec[] = [];
      const stats: FetchStats[] = [];
      const log = {
        warn: (o: Rec) => void warnings.push(o),
        info: (o: Rec, msg: string) => void (msg === 'fetch cycle done' && stats.push(o as unknown as FetchStats)),
        debug: () => undefined,
      };
      const client = fakeAppliance(cases.map((c) => c.record));
      const instance = {
        params: { min_score: 0, max_alerts: maxAlerts, first_fetch: '1 day' },
        clock,
        log,
        client: () => client,
        close: async () => undefined,
      } as unknown as FetchInstance<BreachSource>;
      const fetcher = createFetcher(instance, [modelBreaches], { statePath, outPath, write: async () => undefined });
      for (let cycle = 0; cycle < 2_000; cycle++) {
        await fetcher.deliver(await fetcher.fetch());
        if (stats.at(-1)!.delivered === 0 && stats.at(-1)!.deferred === 0) break;
      }

      const delivered = readFileSync(outPath, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => Number((JSON.parse(l) as { dbotMirrorId: string }).dbotMirrorId));
      const quarantined = readFileSync(quarantinePath(statePath), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { reason: string; field: string; record: Rec });
      const want = cases.filter((c) => !UNDELIVERABLE.test(c.name));
      const wantQuarantined = cases.filter((c) => UNDELIVERABLE.test(c.name));

      expect(new Set(delivered).size).toBe(delivered.length);
      expect([...delivered].sort()).toEqual(want.map((c) => c.pbid).sort());
      expect(quarantined).toHaveLength(wantQuarantined.length);
      for (const q of quarantined) expect(q.reason, JSON.stringify(q).slice(0, 200)).toMatch(/^(pbid|creationTime|the record) /);
      // Each quarantine line says which field, and the stderr warning names it too, once per record.
      expect(new Set(quarantined.map((q) => q.field))).toEqual(new Set(['pbid', 'creationTime', '(record)']));
      expect(warnings.filter((w) => 'field' in w)).toHaveLength(wantQuarantined.length);
      // Every record of every answer is accounted for.
      for (const s of stats)
        expect(s.received).toBe(s.delivered + s.quarantined + s.belowScore + s.filtered + s.alreadyDelivered + s.outsideWindow + s.deferred);
      // rawJSON is the record as received.
      const first = readFileSync(outPath, 'utf8').split('\n')[0]!;
      const incident = JSON.parse(first) as { dbotMirrorId: string; rawJSON: string };
      expect(incident.rawJSON).toBe(JSON.stringify(cases.find((c) => c.pbid === Number(incident.dbotMirrorId))!.record));
    },
    60_000,
  );
});
