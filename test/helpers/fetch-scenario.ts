// The fetch acceptance scenario of issue #5: generated breaches over 30 days, a fifth sharing a
// creation millisecond, some raised hours after their activity, scores spread around min_score,
// plus breaches that appear between cycles with an activity time far behind the checkpoint.
import type { Breach, SimulatorDataset } from '../../src/simulator/dataset.js';
import { loadDefaultDataset } from '../../src/simulator/dataset.js';
import { generateBreaches } from '../../src/simulator/generate.js';

export const DAY_MS = 86_400_000;
export const MIN_SCORE = 60;

export function scenarioDataset(o: { count: number; nowMs: number; days?: number; seed?: number }): SimulatorDataset {
  const breaches = generateBreaches({
    count: o.count,
    startMs: o.nowMs - (o.days ?? 30) * DAY_MS,
    endMs: o.nowMs - 1_000,
    tieFraction: 0.2,
    lateFraction: 0.1,
    scoreCenter: MIN_SCORE / 100,
    scoreSpread: 0.3,
    seed: o.seed ?? 5,
  });
  return { ...loadDefaultDataset(), breaches };
}

/**
 * A breach that shows up now although its activity began `ageDays` ago: the case a fetcher
 * filtering on `time` never sees. Alternates above and below min_score.
 */
export function lateArrival(template: Breach, pbid: number, nowMs: number, ageDays = 20): Breach {
  const score = pbid % 2 === 0 ? 0.95 : 0.2;
  return { ...structuredClone(template), pbid, creationTime: nowMs, time: nowMs - ageDays * DAY_MS, score, percentscore: Math.round(score * 100) };
}

/** The pbids a correct fetcher delivers, in delivery order: qualifying, sorted by (creationTime, pbid). */
export function expectedPbids(breaches: readonly Breach[], minScore100 = MIN_SCORE): number[] {
  return breaches
    .filter((b) => b.score >= minScore100 / 100 && !b.acknowledged)
    .sort((a, b) => a.creationTime - b.creationTime || a.pbid - b.pbid)
    .map((b) => b.pbid);
}

/** pbids of JSON-lines incidents, in file order. */
export function pbidsOfLines(text: string): number[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => Number((JSON.parse(line) as { dbotMirrorId: string }).dbotMirrorId));
}
