// The AI Analyst stream (src/incidents/sources/ai-analyst.ts) on the engine, with the model-breach
// stream beside it in one cycle: over a generated history (hundreds of events, ties at one
// millisecond, merges between cycles, pinned old events, events appearing late inside the lookback),
// repeated cycles with a small max_alerts deliver every qualifying event exactly once, each cycle in
// (createdAt, id) order; the section stays bounded by the lookback; the incident shape; a version-1
// checkpoint continues.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import type { AiaQuery } from '../../../src/client/darktrace-client.js';
import { ConfigError } from '../../../src/errors.js';
import type { IncidentSource } from '../../../src/incidents/source.js';
import type { Checkpoint } from '../../../src/incidents/checkpoint.js';
import { parseCheckpoint } from '../../../src/incidents/checkpoint.js';
import { fetchIncidents } from '../../../src/incidents/fetch-streams.js';
import { aiAnalystSource, aiaSettings, readEventRef } from '../../../src/incidents/sources/ai-analyst.js';
import { modelBreaches } from '../../../src/incidents/sources/model-breaches.js';
import { addAiaEvent, aiaGroups, generateAiaHistory, mergeAiaGroups, type AiaEvent, type AiaState } from '../../../src/simulator/aianalyst-data.js';
import { shuffled } from '../../../src/simulator/prng.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-03-02T12:00:00Z');
const FIRST_FETCH_MS = NOW - 3 * DAY;
const log = { warn: () => undefined };

const baseParams = {
  url: 'https://dt.example',
  min_score: 0,
  max_alerts: 7,
  first_fetch: '3 days',
  fetch_ai_analyst: true,
  ai_analyst_min_score: 0,
  ai_analyst_categories: '',
  ai_analyst_include_acknowledged: false,
  ai_analyst_lookback: '24 hours',
  ai_analyst_incident_type: 'Darktrace AI Analyst Incident Event',
};

/** Like the simulator's route: the window on createdAt, pinned ones unless includeallpinned=false, acknowledged hidden, mingroupscore; any order. */
function fakeAppliance(state: AiaState, breaches: ReadonlyArray<Record<string, unknown>> = []) {
  const queries: AiaQuery[] = [];
  let call = 0;
  return {
    queries,
    aiaEvents: async (q: AiaQuery) => {
      queries.push(q);
      const groups = new Map(aiaGroups(state).map((g) => [g.id, g]));
      const rows = state.events
        .filter((e) => (e.createdAt >= q.startTime! && e.createdAt <= q.endTime!) || (q.includeAllPinned !== false && e.pinned))
        .filter((e) => q.includeAcknowledged || !e.acknowledged)
        .filter((e) => groups.get(e.currentGroup)!.score >= (q.minGroupScore ?? 0))
        .map((e) => ({ ...structuredClone(e), groupCategory: groups.get(e.currentGroup)!.category, groupScore: groups.get(e.currentGroup)!.score }));
      const received = shuffled(rows, ++call);
      return { items: [], unreadable: [], received };
    },
    modelBreachesReceived: async (q: { startTime?: number; endTime?: number }) =>
      breaches.filter((b) => (b['creationTime'] as number) >= (q.startTime ?? 0) && (b['creationTime'] as number) <= (q.endTime ?? Infinity)),
  };
}

type Fake = ReturnType<typeof fakeAppliance>;

function history(count: number): AiaState {
  const h = generateAiaHistory({
    count,
    startMs: NOW - 4 * DAY,
    endMs: NOW - HOUR,
    seed: 5,
    tieFraction: 0.25,
    devices: [{ did: 1, hostname: 'ws-1', ip: '10.0.0.1' }],
  });
  return {
    events: h.events,
    comments: [],
    investigations: [],
    stringScoreGroups: h.stringScoreGroups,
    dropPostedComments: false,
    investigationPolls: 0,
    pendingInvestigations: {},
  };
}

const byStream = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }) =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('AI Analyst stream, exactly once over a generated history', () => {
  it('delivers every qualifying event once, in order per cycle, through ties, merges, pinned old and late events', async () => {
    const clock = fixedClock(NOW);
    const state = history(400);
    // Pinned events from before first_fetch: returned on every poll by an appliance asked without
    // includeallpinned=false; never ours to deliver.
    for (let i = 0; i < 5; i++) addAiaEvent(state, { id: `pinned-old-${i}`, createdAt: FIRST_FETCH_MS - (i + 1) * HOUR, pinned: true });
    const breaches = Array.from({ length: 30 }, (_, i) => ({
      pbid: 500 + i,
      creationTime: NOW - 2 * DAY + i * HOUR,
      score: 0.9,
      model: { then: { name: 'M' } },
    }));
    const client = fakeAppliance(state, breaches);
    const params = { ...baseParams };
    const sources: IncidentSource<Fake>[] = [aiAnalystSource(aiaSettings(params, clock)), modelBreaches];
    let lastRun: Checkpoint | undefined;
    const delivered: string[] = [];
    const late = new Set<string>();
    const groups = [...new Set(state.events.map((e) => e.currentGroup))];
    for (let cycle = 0; cycle < 200; cycle++) {
      const r = await fetchIncidents({ sources, client, params, lastRun, clock, log });
      const aia = r.incidents.filter((i) => i.type === 'Darktrace AI Analyst Incident Event');
      const times = aia.map((i) => ({ createdAt: Date.parse(i.occurred), id: i.dbotMirrorId }));
      expect(times).toEqual([...times].sort(byStream));
      delivered.push(...r.incidents.map((i) => i.dbotMirrorId));
      expect(r.incidents.length).toBeLessThanOrEqual(params.max_alerts);
      lastRun = r.nextRun;
      // Between cycles: an incident merge, and now and then an event that shows up late, inside the lookback.
      if (cycle < 40 && cycle % 4 === 1) mergeAiaGroups(state, groups[cycle + 20]!, groups[cycle + 21]!);
      if (cycle < 40 && cycle % 5 === 2) {
        const e = addAiaEvent(state, { id: `late-${cycle}`, createdAt: clock.now() - 6 * HOUR - cycle });
        late.add(e.id);
      }
      clock.advance(60_000);
      if (r.incidents.length === 0 && cycle > 45) break;
    }
    const expected = state.events
      .filter((e) => !e.acknowledged && e.createdAt >= FIRST_FETCH_MS)
      .sort(byStream)
      .map((e) => e.id);
    const aiaDelivered = delivered.filter((id) => !/^\d+$/.test(id));
    expect(new Set(aiaDelivered).size).toBe(aiaDelivered.length);
    expect([...aiaDelivered].sort()).toEqual([...expected].sort());
    // Apart from the late ones, stream order across cycles too.
    expect(aiaDelivered.filter((id) => !late.has(id))).toEqual(expected.filter((id) => !late.has(id)));
    expect(late.size).toBe(8);
    expect(expected.length).toBeGreaterThan(250);
    expect(delivered.filter((id) => /^\d+$/.test(id))).toEqual(breaches.map((b) => String(b.pbid)));
    // includeallpinned=false on every query, and no slice wider than a day.
    expect(client.queries.every((q) => q.includeAllPinned === false && q.endTime! - q.startTime! <= DAY)).toBe(true);
    expect(client.queries[0]!.startTime).toBe(FIRST_FETCH_MS);
    // The section stays bounded: only events within the lookback before its high-water mark.
    const section = lastRun!.streams['ai-analyst'] as { hwmMs: number; seen: Record<string, number> };
    expect(Object.values(section.seen).every((t) => t >= section.hwmMs - DAY)).toBe(true);
    expect(Object.keys(section.seen).length).toBeLessThan(expected.length);
  });

  it('same millisecond ties split across cycles by max_alerts are each delivered once', async () => {
    const clock = fixedClock(NOW);
    const t = NOW - HOUR;
    const state = history(0);
    for (const id of ['e', 'a', 'd', 'b', 'c']) addAiaEvent(state, { id, createdAt: t });
    const client = fakeAppliance(state);
    const params = { ...baseParams, max_alerts: 2 };
    const sources = [aiAnalystSource(aiaSettings(params, clock))];
    const cycles: string[][] = [];
    let lastRun: Checkpoint | undefined;
    for (let i = 0; i < 4; i++) {
      const r = await fetchIncidents({ sources, client, params, lastRun, clock, log });
      cycles.push(r.incidents.map((x) => x.dbotMirrorId));
      lastRun = r.nextRun;
    }
    expect(cycles).toEqual([['a', 'b'], ['c', 'd'], ['e'], []]);
    expect(lastRun!.streams['ai-analyst']).toMatchObject({ hwmMs: t, seen: { a: t, b: t, c: t, d: t, e: t } });
  });

  it('an event whose incident score reaches ai_analyst_min_score later, inside the lookback, is delivered then', async () => {
    const clock = fixedClock(NOW);
    const state = history(0);
    addAiaEvent(state, { id: 'low', createdAt: NOW - 2 * HOUR, aiaScore: 20, currentGroup: 'gx' });
    const client = fakeAppliance(state);
    const params = { ...baseParams, ai_analyst_min_score: 30 };
    const sources = [aiAnalystSource(aiaSettings(params, clock))];
    const first = await fetchIncidents({ sources, client, params, lastRun: undefined, clock, log });
    expect(first.incidents).toEqual([]);
    expect(client.queries[0]).toMatchObject({ minGroupScore: 30 });
    addAiaEvent(state, { id: 'joins', createdAt: NOW - HOUR, aiaScore: 90, currentGroup: 'gx' });
    clock.advance(60_000);
    const second = await fetchIncidents({ sources, client, params, lastRun: first.nextRun, clock, log });
    expect(second.incidents.map((i) => i.dbotMirrorId)).toEqual(['low', 'joins']);
  });

  it('an acknowledged event the appliance returns anyway is filtered, counted, and moves the checkpoint', async () => {
    const clock = fixedClock(NOW);
    const state = history(0);
    addAiaEvent(state, { id: 'acked', createdAt: NOW - HOUR, acknowledged: true });
    // An appliance that ignores includeacknowledged.
    const client = fakeAppliance(state);
    const params = { ...baseParams };
    const source = aiAnalystSource(aiaSettings(params, clock));
    const ignoring = { ...client, aiaEvents: (q: AiaQuery) => client.aiaEvents({ ...q, includeAcknowledged: true }) };
    const r = await fetchIncidents({ sources: [source], client: ignoring, params, lastRun: undefined, clock, log });
    expect(r.incidents).toEqual([]);
    expect(r.stats).toMatchObject({ received: 1, filtered: 1, filteredBy: { ai_analyst_include_acknowledged: 1 }, delivered: 0 });
    expect(r.nextRun.streams['ai-analyst']).toMatchObject({ hwmMs: NOW - HOUR, seen: { acked: NOW - HOUR } });
    const again = await fetchIncidents({ sources: [source], client: ignoring, params, lastRun: r.nextRun, clock, log });
    // Seen now: skipped as passed (once per slice that returns it), never filtered again.
    expect(again.stats).toMatchObject({ belowScore: 0, delivered: 0, alreadyDelivered: again.stats.received });
  });

  it('a version-1 checkpoint continues model breaches where they were and starts AI Analyst at first_fetch', async () => {
    const clock = fixedClock(NOW);
    const state = history(0);
    addAiaEvent(state, { id: 'x', createdAt: NOW - HOUR });
    const breaches = [
      { pbid: 1, creationTime: NOW - 3 * HOUR, score: 0.9 },
      { pbid: 2, creationTime: NOW - 2 * HOUR, score: 0.9 },
    ];
    const client = fakeAppliance(state, breaches);
    const params = { ...baseParams };
    const sources: IncidentSource<Fake>[] = [aiAnalystSource(aiaSettings(params, clock)), modelBreaches];
    const v1 = { version: 1, creationTimeMs: NOW - 3 * HOUR, recent: [{ pbid: 1, creationTimeMs: NOW - 3 * HOUR }] };
    const lastRun = parseCheckpoint(v1, 'lastRun', sources);
    const r = await fetchIncidents({ sources, client, params, lastRun, clock, log });
    expect(r.incidents.map((i) => i.dbotMirrorId)).toEqual(['x', '2']);
    expect(client.queries[0]!.startTime).toBe(FIRST_FETCH_MS);
  });
});

describe('AI Analyst filters on what an appliance returned anyway', () => {
  const clock = fixedClock(NOW);
  it.each([
    { name: 'a category not asked for', params: { ai_analyst_categories: 'critical' }, record: { groupCategory: 'suspicious' }, want: 'ai_analyst_categories' },
    {
      name: 'informational, when categories are set',
      params: { ai_analyst_categories: 'critical' },
      record: { groupCategory: 'informational' },
      want: 'ai_analyst_categories',
    },
    { name: 'a category asked for', params: { ai_analyst_categories: 'critical' }, record: { groupCategory: 'critical' }, want: false },
    { name: 'any category when none is set', params: {}, record: { groupCategory: 'informational' }, want: false },
    { name: 'an incident score under the minimum', params: { ai_analyst_min_score: 50 }, record: { groupScore: '49.9' }, want: 'ai_analyst_min_score' },
    { name: 'an unreadable incident score', params: { ai_analyst_min_score: 50 }, record: { groupScore: 'high' }, want: false },
    { name: 'acknowledged, not included', params: {}, record: { acknowledged: true }, want: 'ai_analyst_include_acknowledged' },
    { name: 'acknowledged, included', params: { ai_analyst_include_acknowledged: true }, record: { acknowledged: true }, want: false },
  ])('$name: left out by $want', ({ params, record, want }) => {
    const p = { ...baseParams, ...params };
    expect(aiAnalystSource(aiaSettings(p, clock)).filteredOut({ id: 'a', createdAt: NOW, ...record }, p)).toBe(want);
  });
});

describe('AI Analyst incident', () => {
  const clock = fixedClock(NOW);
  const source = aiAnalystSource(aiaSettings(baseParams, clock));
  const event: AiaEvent & Record<string, unknown> = {
    id: 'da042c57-3e45-4e65-aca5-63dbcdf8df0c',
    createdAt: 1663207439360,
    title: 'SMB Writes of Suspicious Files',
    category: 'suspicious',
    groupCategory: 'critical',
    aiaScore: 52.4,
    groupScore: '72.9174234',
    currentGroup: 'gda042c57-3e45-4e65-aca5-63dbcdf8df0c',
    groupPreviousGroups: null,
    acknowledged: false,
    pinned: true,
    breachDevices: [{ did: 9, hostname: 'win10.windomain.local' }],
    periods: [],
    summary: {
      valueType: 'formatString',
      value: 'The actor {} wrote to {}.',
      replacements: [
        { valueType: 'username', value: 'bob' },
        { valueType: 'externalHost', value: { identifier: 'files.example', ip: '203.0.113.9' } },
      ],
    },
    relatedBreaches: [{ pbid: 182 }, { pbid: 190 }],
  };
  const rawIn = JSON.stringify(event);

  it('has the name, time, severity, type, mirror id, cross-links and the rendered summary', () => {
    const ref = readEventRef(event);
    if ('reason' in ref) throw new Error(ref.reason);
    const incident = source.toIncident(event, ref, rawIn, baseParams);
    expect(incident).toMatchObject({
      name: 'Darktrace AI Analyst: SMB Writes of Suspicious Files on win10.windomain.local (score 52)',
      occurred: '2022-09-15T02:03:59.360Z',
      severity: 4,
      dbotMirrorId: event.id,
      type: 'Darktrace AI Analyst Incident Event',
      labels: [
        { type: 'Darktrace model breach', value: '182' },
        { type: 'Darktrace model breach', value: '190' },
      ],
    });
    const raw = JSON.parse(incident.rawJSON) as Record<string, unknown>;
    expect(raw).toMatchObject({
      ...event,
      summaryText: 'The actor bob wrote to files.example (203.0.113.9).',
      groupId: event.currentGroup,
      link: `https://dt.example/#aiaincidentevent/${event.id}`,
      relatedPbids: [182, 190],
    });
  });

  it.each([
    { name: 'no id', record: { createdAt: 1 }, field: 'id', reason: 'id is missing' },
    { name: 'numeric id', record: { id: 7, createdAt: 1 }, field: 'id', reason: 'id is 7, expected an event id' },
    { name: 'createdAt text', record: { id: 'a', createdAt: 'soon' }, field: 'createdAt', reason: 'createdAt is "soon", expected epoch milliseconds' },
    { name: 'null record', record: null, field: '(record)', reason: 'the record is null, not an object' },
  ])('a record with $name is quarantined naming $field', ({ record, field, reason }) => {
    expect(readEventRef(record)).toEqual({ field, reason });
  });

  it('reads a float createdAt and a string one as epoch ms', () => {
    expect(readEventRef({ id: 'a', createdAt: 1702392635000.0 })).toEqual({ key: 'a', timeMs: 1702392635000 });
    expect(readEventRef({ id: 'a', createdAt: '1702392635000' })).toEqual({ key: 'a', timeMs: 1702392635000 });
  });
});

describe('model-breach incidents cross-link their AI Analyst events', () => {
  it.each([
    { name: 'two events', aianalystData: [{ uuid: 'e-1', related: [7] }, { uuid: 'e-2' }, { uuid: 'e-1' }], want: ['e-1', 'e-2'] },
    { name: 'none', aianalystData: undefined, want: undefined },
    { name: 'an empty list', aianalystData: [], want: undefined },
  ])('$name', ({ aianalystData, want }) => {
    const breach = { pbid: 7, creationTime: NOW, ...(aianalystData === undefined ? {} : { aianalystData }) };
    const incident = modelBreaches.toIncident(breach, { key: 7, timeMs: NOW }, JSON.stringify(breach), { ...baseParams, max_alerts: 1 });
    expect(incident.labels).toEqual(want?.map((value) => ({ type: 'Darktrace AI Analyst event', value })));
  });
});

describe('AI Analyst settings', () => {
  const clock = fixedClock(NOW);
  it.each([
    { name: 'categories list, any case', params: { ai_analyst_categories: 'Critical, compliance' }, want: { categories: ['critical', 'compliance'] } },
    { name: 'empty categories: all', params: { ai_analyst_categories: '' }, want: { categories: [] } },
    { name: 'lookback in hours', params: { ai_analyst_lookback: '6 hours' }, want: { lookbackMs: 6 * HOUR } },
  ])('$name', ({ params, want }) => {
    expect(aiaSettings({ ...baseParams, ...params }, clock)).toMatchObject(want);
  });

  it.each([
    {
      name: 'an unknown category',
      params: { ai_analyst_categories: 'critical,informational' },
      message: /ai_analyst_categories: expected a comma-separated list of critical, suspicious, compliance.*"informational"/,
    },
    {
      name: 'an ISO date as lookback',
      params: { ai_analyst_lookback: '2026-03-01' },
      message: /ai_analyst_lookback: expected "N minutes\|hours\|days" from 1 minute to 7 days/,
    },
    { name: 'a lookback over 7 days', params: { ai_analyst_lookback: '8 days' }, message: /ai_analyst_lookback: .*got "8 days"/ },
  ])('refuses $name naming the parameter', ({ params, message }) => {
    const run = () => aiaSettings({ ...baseParams, ...params }, clock);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
  });
});
