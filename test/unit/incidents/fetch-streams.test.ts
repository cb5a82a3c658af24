// Several incident streams in one cycle (src/incidents/fetch-streams.ts): each
// source in turn within one max_alerts, one checkpoint with a section per stream, a section of a
// stream not fetched kept as received, and a stream added later starting at first_fetch. The
// second source is a stand-in keyed by a string id, the way the AI Analyst stream is (issue #16).
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import type { Checkpoint } from '../../../src/incidents/checkpoint.js';
import { fetchIncidents } from '../../../src/incidents/fetch-streams.js';
import type { IncidentSource } from '../../../src/incidents/source.js';
import { modelBreaches } from '../../../src/incidents/sources/model-breaches.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const T = NOW - 3_600_000;

interface Event {
  id: string;
  createdAt: number;
}

const EventSectionSchema = z.strictObject({ createdAtMs: z.number().int(), seen: z.array(z.strictObject({ id: z.string(), createdAtMs: z.number().int() })) });

/** A second stream: events keyed by id, on createdAt, stored in its own field names. */
const events: IncidentSource<Fake> = {
  name: 'events',
  label: { one: 'event', many: 'events' },
  timeField: 'createdAt',
  overlapMs: 60_000,
  readSection(data) {
    const s = EventSectionSchema.parse(data);
    return { timeMs: s.createdAtMs, recent: s.seen.map((e) => ({ key: e.id, timeMs: e.createdAtMs })) };
  },
  writeSection(p) {
    return EventSectionSchema.parse({ createdAtMs: p.timeMs, seen: p.recent.map((r) => ({ id: String(r.key), createdAtMs: r.timeMs })) });
  },
  query: async (client, w) => client.events.filter((e) => e.createdAt >= w.startTime && e.createdAt <= w.endTime).reverse(),
  readRef: (record) => {
    const e = record as Event;
    return typeof e.id === 'string' ? { key: e.id, timeMs: e.createdAt } : { reason: 'id is missing', field: 'id' };
  },
  describeRecord: (record) => ((record as Event).id ? { id: (record as Event).id } : {}),
  filteredOut: () => false,
  toIncident: (_record, ref, rawJSON) => ({
    name: `event ${ref.key}`,
    occurred: new Date(ref.timeMs).toISOString(),
    severity: 2,
    dbotMirrorId: String(ref.key),
    rawJSON,
  }),
};

interface Fake {
  events: Event[];
  modelBreachesReceived: (q: { startTime?: number; endTime?: number }) => Promise<unknown[]>;
}

function fake(pbids: number[], eventIds: string[]): Fake {
  const breaches = pbids.map((pbid, i) => ({ pbid, creationTime: T + i * 1_000, score: 0.9, model: { then: { name: 'M', category: 'Critical' } } }));
  return {
    events: eventIds.map((id, i) => ({ id, createdAt: T + i * 1_000 })),
    modelBreachesReceived: async (q) => breaches.filter((b) => b.creationTime >= (q.startTime ?? 0) && b.creationTime <= (q.endTime ?? Infinity)),
  };
}

const log = { warn: () => undefined };
const params = { min_score: 0, max_alerts: 5, first_fetch: '2 hours' };
const clock = fixedClock(NOW);
const sources = [modelBreaches, events] as const;

describe('several streams in one cycle', () => {
  it('fetches each in turn within one max_alerts, exactly once over cycles', async () => {
    const client = fake([11, 12, 13], ['a', 'b', 'c', 'd']);
    const cycles: string[][] = [];
    let lastRun: Checkpoint | undefined;
    for (let i = 0; i < 4; i++) {
      const r = await fetchIncidents({ sources, client, params, lastRun, clock, log });
      cycles.push(r.incidents.map((x) => x.dbotMirrorId));
      lastRun = r.nextRun;
    }
    expect(cycles).toEqual([['11', '12', '13', 'a', 'b'], ['c', 'd'], [], []]);
    expect(Object.keys(lastRun!.streams)).toEqual(['model-breaches', 'events']);
    expect(lastRun!.streams['events']).toEqual({ createdAtMs: T + 3_000, seen: ['a', 'b', 'c', 'd'].map((id, i) => ({ id, createdAtMs: T + i * 1_000 })) });
  });

  it('a stream left with no budget keeps its section and waits for the next cycle', async () => {
    const client = fake([1, 2, 3, 4, 5, 6], ['a']);
    const r = await fetchIncidents({ sources, client, params, lastRun: undefined, clock, log });
    expect(r.incidents.map((x) => x.dbotMirrorId)).toEqual(['1', '2', '3', '4', '5']);
    expect(r.nextRun.streams['events']).toEqual({ createdAtMs: NOW - 2 * 3_600_000, seen: [] });
  });

  it('keeps the section of a stream not fetched, and starts a stream new to the checkpoint at first_fetch', async () => {
    const client = fake([1], ['a']);
    const lastRun: Checkpoint = { version: 2, streams: { 'model-breaches': { creationTimeMs: T, recent: [{ pbid: 1, creationTimeMs: T }] }, later: { x: 1 } } };
    const r = await fetchIncidents({ sources, client, params, lastRun, clock, log });
    expect(r.incidents.map((x) => x.dbotMirrorId)).toEqual(['a']);
    expect(r.nextRun.streams['later']).toEqual({ x: 1 });
    expect(r.stats).toMatchObject({ delivered: 1, alreadyDelivered: 1 });
  });
});
