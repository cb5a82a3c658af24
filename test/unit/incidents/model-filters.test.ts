// The model-breach triage filters (src/incidents/sources/model-filters.ts): which rule leaves a
// breach out, what they cannot read is delivered, bad values refused as configuration, and in one
// cycle (fetch-incidents.ts) a breach left out is passed like a delivered one: the checkpoint moves
// past it, it costs nothing of max_alerts, it is counted by rule and never comes back.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { ConfigError } from '../../../src/errors.js';
import { fetchStream, MAX_SLICES } from '../../../src/incidents/fetch-incidents.js';
import type { FetchParams } from '../../../src/incidents/source.js';
import { breachFilterRule, modelFilters } from '../../../src/incidents/sources/model-filters.js';
import { modelBreaches, type BreachSource, type ModelBreachSection } from '../../../src/incidents/sources/model-breaches.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const BASE: FetchParams = { min_score: 0, max_alerts: 50, first_fetch: '2 hours' };

const MODELS = {
  critical: { name: 'Compromise::Watched Domain', priority: 5, category: 'Critical' },
  suspicious: { name: 'Device::Attack and Recon Tools', priority: 4, category: 'Suspicious' },
  compliance: { name: 'Compliance::Messaging::Facebook Messenger', priority: 2, category: 'Compliance', compliance: true },
  informational: { name: 'Device::New User Agent', priority: 1, category: 'Informational' },
  derived: { name: 'Anomalous Server Activity::Rare External from Server', priority: 3 },
} as const;

function breach(model: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { pbid: 1, creationTime: NOW - 60_000, score: 0.8, model: { then: model }, ...extra };
}

describe('breachFilterRule', () => {
  it.each([
    { name: 'no filters: delivered', params: {}, record: breach(MODELS.informational), want: undefined },
    { name: 'under min_score', params: { min_score: 90 }, record: breach(MODELS.critical), want: 'min_score' },
    { name: 'min_priority 4 leaves priority 3 out', params: { min_priority: 4 }, record: breach(MODELS.derived), want: 'min_priority' },
    { name: 'min_priority 4 keeps priority 4', params: { min_priority: 4 }, record: breach(MODELS.suspicious), want: undefined },
    { name: 'min_priority reads "5.0" as 5', params: { min_priority: 5 }, record: breach({ ...MODELS.critical, priority: '5.0' }), want: undefined },
    { name: 'min_priority: no priority is delivered', params: { min_priority: 5 }, record: breach({ name: 'X::Y' }), want: undefined },
    { name: 'categories keeps a listed one', params: { categories: 'Critical, Suspicious' }, record: breach(MODELS.suspicious), want: undefined },
    { name: 'categories leaves others out', params: { categories: 'Critical,Suspicious' }, record: breach(MODELS.informational), want: 'categories' },
    { name: 'categories: compliance: true wins', params: { categories: 'critical' }, record: breach(MODELS.compliance), want: 'categories' },
    { name: 'categories: derived from priority 3', params: { categories: 'Informational' }, record: breach(MODELS.derived), want: undefined },
    { name: 'categories: unreadable is delivered', params: { categories: 'Critical' }, record: breach({ name: 'X::Y' }), want: undefined },
    { name: 'categories: one per line', params: { categories: 'Critical\nCompliance' }, record: breach(MODELS.compliance), want: undefined },
    { name: 'model_include keeps a match', params: { model_include: 'Compromise::*' }, record: breach(MODELS.critical), want: undefined },
    { name: 'model_include leaves others out', params: { model_include: 'Compromise::*' }, record: breach(MODELS.suspicious), want: 'model_include' },
    { name: 'model_include: any line', params: { model_include: 'Compromise::*\nDevice::Attack*' }, record: breach(MODELS.suspicious), want: undefined },
    {
      name: 'model_exclude leaves a match out',
      params: { model_exclude: 'Device::New User Agent' },
      record: breach(MODELS.informational),
      want: 'model_exclude',
    },
    { name: 'model_exclude over a deep path', params: { model_exclude: 'compliance::*' }, record: breach(MODELS.compliance), want: 'model_exclude' },
    {
      name: 'model_exclude wins over include',
      params: { model_include: 'Device::*', model_exclude: 'Device::New*' },
      record: breach(MODELS.informational),
      want: 'model_exclude',
    },
    {
      name: 'model_include: no model name is delivered',
      params: { model_include: 'Compromise::*' },
      record: { pbid: 1, creationTime: NOW, score: 0.8 },
      want: undefined,
    },
    {
      name: 'the inline model is read',
      params: { model_exclude: 'Compromise::*' },
      record: { pbid: 1, creationTime: NOW, model: MODELS.critical },
      want: 'model_exclude',
    },
    {
      name: 'model.now when there is no then',
      params: { model_exclude: 'Compromise::*' },
      record: { pbid: 1, creationTime: NOW, model: { now: MODELS.critical } },
      want: 'model_exclude',
    },
    {
      name: 'the first failing rule counts',
      params: { min_priority: 5, categories: 'Critical', model_include: 'Compromise::*' },
      record: breach(MODELS.informational),
      want: 'min_priority',
    },
  ])('$name', ({ params, record, want }) => {
    expect(breachFilterRule(record, modelFilters({ ...BASE, ...params }))).toBe(want);
  });
});

describe('modelFilters refuses bad values as configuration, every one at once', () => {
  it.each([
    {
      name: 'an unknown category, with a suggestion',
      params: { categories: 'Critical, Suspicous' },
      want: [
        '  categories: expected a comma-separated list of Critical, Suspicious, Compliance, Informational; "Suspicous" is not one (did you mean Suspicious?)',
      ],
    },
    {
      name: 'an invalid glob in each list',
      params: { model_include: 'Compromise::*\nDevice::[A-Z]*', model_exclude: 'Compliance::' },
      want: [
        '  model_include: expected one a model name or a glob of one such as Compromise::* (* any characters, ? one character, case-insensitive) per line (or comma-separated); "Device::[A-Z]*" uses "[", which these globs do not support (only * and ? are special)',
        '  model_exclude: expected one a model name or a glob of one such as Compromise::* (* any characters, ? one character, case-insensitive) per line (or comma-separated); "Compliance::" has an empty path segment (nothing before or after a "::")',
      ],
    },
  ])('$name', ({ params, want }) => {
    let error: unknown;
    try {
      modelFilters({ ...BASE, ...params });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('DT_CONFIG_INVALID');
    expect((error as ConfigError).message.split('\n')).toEqual(['invalid configuration', ...want]);
  });

  it('refuses before the appliance is asked anything', async () => {
    let asked = 0;
    const client: BreachSource = {
      modelBreachesReceived: async () => {
        asked++;
        return [];
      },
    };
    const run = fetchStream({
      source: modelBreaches,
      client,
      params: { ...BASE, categories: 'Urgent' },
      lastRun: undefined,
      clock: fixedClock(NOW),
      log: { warn: () => undefined },
    });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    expect(asked).toBe(0);
  });
});

describe('a cycle with filters', () => {
  // Six breaches a minute apart; the informational ones (pbids 2, 4) by categories, the compliance one (5) by model_exclude.
  const kinds = [MODELS.critical, MODELS.informational, MODELS.suspicious, MODELS.informational, MODELS.compliance, MODELS.critical];
  const records = kinds.map((m, i) => breach(m, { pbid: i + 1, creationTime: NOW - 3_600_000 + i * 60_000 }));
  const client: BreachSource = {
    modelBreachesReceived: async (q) =>
      records.filter((b) => (b['creationTime'] as number) >= (q.startTime ?? 0) && (b['creationTime'] as number) <= (q.endTime ?? Infinity)).reverse(),
  };
  const params: FetchParams = { ...BASE, max_alerts: 2, categories: 'Critical,Suspicious,Compliance', model_exclude: 'Compliance::*' };
  const cycle = (lastRun: ModelBreachSection | undefined) =>
    fetchStream({ source: modelBreaches, client, params, lastRun, clock: fixedClock(NOW), log: { warn: () => undefined } });

  it('passes what it leaves out like a delivered breach, at no cost to max_alerts, and never again', async () => {
    const first = await cycle(undefined);
    expect(first.incidents.map((i) => i.dbotMirrorId)).toEqual(['1', '3']);
    // pbid 2 lies between the two delivered; 4 and 5, right after the cut, are passed too.
    expect(first.stats).toMatchObject({ delivered: 2, filtered: 3, filteredBy: { categories: 2, model_exclude: 1 }, deferred: 1 });
    expect(first.nextRun.creationTimeMs).toBe(records[4]!['creationTime']);
    expect(first.nextRun.recent.map((r) => r.pbid)).toEqual([1, 2, 3, 4, 5]);

    const second = await cycle(first.nextRun);
    expect(second.incidents.map((i) => i.dbotMirrorId)).toEqual(['6']);
    expect(second.stats).toMatchObject({ delivered: 1, filtered: 0, filteredBy: {}, alreadyDelivered: 5, deferred: 0 });
    expect(second.nextRun.creationTimeMs).toBe(records[5]!['creationTime']);

    const third = await cycle(second.nextRun);
    expect(third.incidents).toEqual([]);
    expect(third.stats).toMatchObject({ delivered: 0, filtered: 0, alreadyDelivered: 6 });
  });

  it('ends a cycle of MAX_SLICES slices holding only filtered breaches past them, not with an error', async () => {
    // Every slice, however narrow, holds 30 informational breaches: the slices shrink to the
    // narrowest and nothing is ever ready, yet what was left out is passed (an error would leave
    // the next cycle to walk the same slices).
    let calls = 0;
    const dense: BreachSource = {
      modelBreachesReceived: async (q) => {
        calls++;
        return Array.from({ length: 30 }, (_, i) => breach(MODELS.informational, { pbid: calls * 100 + i, creationTime: q.startTime }));
      },
    };
    const r = await fetchStream({
      source: modelBreaches,
      client: dense,
      params: { ...BASE, max_alerts: 10, categories: 'Critical' },
      lastRun: undefined,
      clock: fixedClock(NOW),
      log: { warn: () => undefined },
      sliceRecords: 5,
    });
    expect(calls).toBe(MAX_SLICES);
    expect(r.incidents).toEqual([]);
    expect(r.stats).toMatchObject({ filtered: r.stats.received - r.stats.alreadyDelivered, deferred: 0 });
    expect(r.stats.filtered).toBeGreaterThan(0);
    // All of them inside the overlap before the first_fetch instant: remembered as passed.
    expect(r.nextRun.recent).toHaveLength(r.stats.filtered);
  });

  it('asks the appliance for acknowledged breaches only with include_acknowledged', async () => {
    const asked: Array<boolean | undefined> = [];
    const spy: BreachSource = {
      modelBreachesReceived: async (q) => {
        asked.push(q.includeAcknowledged);
        return [];
      },
    };
    for (const include_acknowledged of [undefined, false, true]) {
      await fetchStream({
        source: modelBreaches,
        client: spy,
        params: { ...BASE, include_acknowledged },
        lastRun: undefined,
        clock: fixedClock(NOW),
        log: { warn: () => undefined },
      });
    }
    expect([...new Set(asked)]).toEqual([false, true]);
    expect(asked.at(-1)).toBe(true);
  });
});
