import { describe, expect, it } from 'vitest';
import { BreachSchema } from '../../../src/simulator/dataset.js';
import { generateBreaches } from '../../../src/simulator/generate.js';

const START = Date.parse('2026-03-01T00:00:00Z');
const END = Date.parse('2026-03-01T12:00:00Z');

function tieStats(times: number[]) {
  const counts = new Map<number, number>();
  for (const t of times) counts.set(t, (counts.get(t) ?? 0) + 1);
  const groups = [...counts.values()].filter((n) => n > 1);
  return { tied: groups.reduce((a, b) => a + b, 0), sizes: new Set(groups) };
}

describe('generateBreaches', () => {
  it.each([
    { name: '1000 with 10% ties', count: 1000, tieFraction: 0.1, wantTied: 100 },
    { name: '50 with 30% ties', count: 50, tieFraction: 0.3, wantTied: 15 },
    { name: 'no ties', count: 200, tieFraction: 0, wantTied: 0 },
    { name: 'one tie rounds up to a pair', count: 10, tieFraction: 0.1, wantTied: 2 },
  ])('$name', ({ count, tieFraction, wantTied }) => {
    const breaches = generateBreaches({ count, startMs: START, endMs: END, tieFraction, seed: 7, firstPbid: 500 });
    const { tied, sizes } = tieStats(breaches.map((b) => b.creationTime));
    expect([breaches.length, tied]).toEqual([count, wantTied]);
    for (const s of sizes) expect(s >= 2 && s <= 5).toBe(true);
    expect(breaches.map((b) => b.pbid)).toEqual(Array.from({ length: count }, (_, i) => 500 + i));
    expect(breaches.every((b, i) => i === 0 || b.creationTime >= breaches[i - 1]!.creationTime)).toBe(true);
    expect(breaches.every((b) => b.creationTime >= START && b.creationTime <= END && b.time <= b.creationTime)).toBe(true);
  });

  it('makes lateFraction of them hours late and validates against the dataset schema', () => {
    const breaches = generateBreaches({ count: 400, startMs: START, endMs: END, lateFraction: 0.25, seed: 3 });
    expect(breaches.filter((b) => b.creationTime - b.time >= 3_600_000)).toHaveLength(100);
    for (const b of breaches) BreachSchema.parse(b);
  });

  it('centres scores on scoreCenter', () => {
    const scores = generateBreaches({ count: 2000, startMs: START, endMs: END, scoreCenter: 0.5, scoreSpread: 0.2, seed: 11 }).map((b) => b.score);
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    expect([Math.abs(mean - 0.5) < 0.02, Math.min(...scores) >= 0.3, Math.max(...scores) <= 0.7]).toEqual([true, true, true]);
  });

  it('is deterministic per seed', () => {
    const a = generateBreaches({ count: 100, startMs: START, endMs: END, seed: 42 });
    expect(generateBreaches({ count: 100, startMs: START, endMs: END, seed: 42 })).toEqual(a);
    expect(generateBreaches({ count: 100, startMs: START, endMs: END, seed: 43 })).not.toEqual(a);
  });

  it('produces 50 000 unique pbids', () => {
    const breaches = generateBreaches({ count: 50_000, startMs: START, endMs: END, tieFraction: 0.05 });
    expect(new Set(breaches.map((b) => b.pbid)).size).toBe(50_000);
  });

  it('refuses a range too small for distinct times', () => {
    expect(() => generateBreaches({ count: 10, startMs: START, endMs: START + 3, tieFraction: 0 })).toThrow(RangeError);
  });
});
