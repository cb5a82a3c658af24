import { describe, expect, it } from 'vitest';
import { forEachBounded } from '../../../src/cli/bounded.js';

/** A task per item that stays open until released, so the test sees exactly how many run at once. */
function gatedTasks(count: number) {
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const gates = new Map<number, () => void>();
  const fn = (item: number) =>
    new Promise<void>((resolve) => {
      running++;
      peak = Math.max(peak, running);
      started.push(item);
      gates.set(item, () => {
        running--;
        resolve();
      });
    });
  return { fn, started, gates, peak: () => peak, items: Array.from({ length: count }, (_, i) => i) };
}

describe('forEachBounded', () => {
  it.each([
    { name: '20 items, limit 4', count: 20, limit: 4, peak: 4 },
    { name: '3 items, limit 4', count: 3, limit: 4, peak: 3 },
    { name: '5 items, limit 1', count: 5, limit: 1, peak: 1 },
  ])('$name: never more than the limit at once, every item once, in order', async ({ count, limit, peak }) => {
    const t = gatedTasks(count);
    const done = forEachBounded(t.items, limit, t.fn);
    // Release items one by one as they start; a microtask turn lets the freed slot take the next.
    for (let released = 0; released < count; released++) {
      await Promise.resolve();
      t.gates.get(t.started[released]!)!();
      await Promise.resolve();
    }
    await done;
    expect(t.peak()).toBe(peak);
    expect(t.started).toEqual(t.items);
  });

  it('a slow item holds one slot while the others go on', async () => {
    const t = gatedTasks(6);
    const done = forEachBounded(t.items, 2, t.fn);
    await Promise.resolve();
    // Item 0 never finishes until the end; items 1-5 pass through the second slot.
    for (let item = 1; item < 6; item++) {
      expect(t.started).toContain(item);
      t.gates.get(item)!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(t.started).toEqual([0, 1, 2, 3, 4, 5]);
    t.gates.get(0)!();
    await done;
    expect(t.peak()).toBe(2);
  });

  it('an empty list finishes at once', async () => {
    const t = gatedTasks(0);
    await forEachBounded(t.items, 4, t.fn);
    expect(t.started).toEqual([]);
  });
});
