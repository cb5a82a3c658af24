// A simulator dataset with both incident streams near now (model breaches of the fetch scenario and a
// generated AI Analyst history with ties, merges, acknowledged and pinned old events), the changes a
// test makes between cycles, and what a correct fetcher delivers of each stream.
import { addAiaEvent, generateAiaHistory, mergeAiaGroups, type AiaState } from '../../src/simulator/aianalyst-data.js';
import type { SimulatorDataset } from '../../src/simulator/dataset.js';
import { DAY_MS, expectedPbids, scenarioDataset } from './fetch-scenario.js';

export const AIA_TYPE = 'Darktrace AI Analyst Incident Event';

export function twoStreamDataset(o: { nowMs: number; breaches: number; events: number; seed?: number }): SimulatorDataset {
  const base = scenarioDataset({ count: o.breaches, nowMs: o.nowMs, days: 2, seed: o.seed ?? 23 });
  const history = generateAiaHistory({
    count: o.events,
    startMs: o.nowMs - 2 * DAY_MS,
    endMs: o.nowMs - 60_000,
    seed: o.seed ?? 23,
    tieFraction: 0.2,
    devices: [
      { did: 1, hostname: 'ws-1.corp.example', ip: '10.0.0.1' },
      { did: 2, ip: '10.0.0.2' },
    ],
  });
  const aianalyst: AiaState = { ...base.aianalyst, events: history.events, stringScoreGroups: history.stringScoreGroups };
  // Pinned events from long before first_fetch: an appliance returns them on every poll unless asked with includeallpinned=false.
  for (let i = 0; i < 3; i++) addAiaEvent(aianalyst, { id: `pinned-old-${i}`, createdAt: o.nowMs - (20 + i) * DAY_MS, pinned: true });
  return { ...base, aianalyst };
}

/** Between cycles: an incident merge (`step` picks which) and an event created `ageMs` ago that only now becomes visible. */
export function changeBetweenCycles(state: AiaState, step: number, nowMs: number, ageMs = 3 * 3_600_000): string {
  const groups = [...new Set(state.events.map((e) => e.currentGroup))];
  const from = groups[(2 * step + 1) % groups.length]!;
  const into = groups[(2 * step) % groups.length]!;
  if (from !== into) mergeAiaGroups(state, from, into);
  return addAiaEvent(state, { id: `late-${step}-${nowMs}`, createdAt: nowMs - ageMs - step }).id;
}

/** The AI Analyst event ids a correct fetcher delivers since `sinceMs`, in (createdAt, id) order. */
export function expectedEventIds(state: AiaState, sinceMs: number): string[] {
  return state.events
    .filter((e) => !e.acknowledged && e.createdAt >= sinceMs)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => e.id);
}

export { expectedPbids };

/** Incidents of a JSON-lines file, split by stream, each in file order. */
export function streamsOfLines(text: string): { events: string[]; pbids: number[] } {
  const incidents = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { dbotMirrorId: string; type?: string });
  return {
    events: incidents.filter((i) => i.type === AIA_TYPE).map((i) => i.dbotMirrorId),
    pbids: incidents.filter((i) => i.type !== AIA_TYPE).map((i) => Number(i.dbotMirrorId)),
  };
}
