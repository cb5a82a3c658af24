import { describe, expect, it } from 'vitest';
import { createSlots } from '../../../src/incidents/bounded.js';

/** A task per item that stays open until released, so the test sees exactly how many run at once. */
function gatedTasks() {
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const gates = new Map<number, () => void>();
  const task = (item: number) => () =>
    new Promise<void>((resolve) => {
      running++;
      peak = Math.max(peak, running);
      started.push(item);
      gates.set(item, () => {
        running--;
        resolve();
      });
    });
  return { task, started, gates, peak: () => peak };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('createSlots', () => {
  it.each([
    { name: '20 tasks, limit 4', count: 20, limit: 4, peak: 4 },
    { name: '3 tasks, limit 4', count: 3, limit: 4, peak: 3 },
    { name: '5 tasks, limit 1', count: 5, limit: 1, peak: 1 },
    { name: 'limit 0 still runs one at a time', count: 3, limit: 0, peak: 1 },
  ])('$name: never more than the limit at once, every task once, in the order asked', async ({ count, limit, peak }) => {
    const slots = createSlots(limit);
    const t = gatedTasks();
    const done = Promise.all(Array.from({ length: count }, (_, i) => slots.run(t.task(i))));
    for (let released = 0; released < count; released++) {
      await turn();
      t.gates.get(t.started[released]!)!();
    }
    await done;
    expect(t.peak()).toBe(peak);
    expect(t.started).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(slots.active).toBe(0);
  });

  it('a slow task holds one slot while later calls go through the others', async () => {
    const slots = createSlots(2);
    const t = gatedTasks();
    const slow = slots.run(t.task(0));
    for (let item = 1; item < 6; item++) {
      const quick = slots.run(t.task(item));
      await turn();
      expect(t.started).toContain(item);
      t.gates.get(item)!();
      await quick;
    }
    expect(slots.active).toBe(1);
    t.gates.get(0)!();
    await slow;
    expect(t.peak()).toBe(2);
    expect(slots.active).toBe(0);
  });

  it('a rejected task releases its slot and passes the rejection on', async () => {
    const slots = createSlots(1);
    await expect(slots.run(() => Promise.reject(new Error('appliance down')))).rejects.toThrow('appliance down');
    await expect(slots.run(async () => 'next')).resolves.toBe('next');
    expect(slots.active).toBe(0);
  });
});
