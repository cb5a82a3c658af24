import { describe, expect, it } from 'vitest';
import { graphFields, summariseGraph } from '../../../src/commands/connection-graph.js';

const H = 3_600_000;
const T0 = Date.UTC(2020, 8, 1, 0, 0, 0);

describe('summariseGraph', () => {
  it('is undefined without points', () => expect(summariseGraph([])).toBeUndefined());

  it('takes the smallest gap as the interval (zero intervals are left out) and fills gaps with zero', () => {
    const g = summariseGraph([
      { time: T0 + 3 * H, count: 1 },
      { time: T0, count: 4 },
      { time: T0 + H, count: 10 },
    ]);
    expect(g).toEqual({
      points: 3,
      intervalMs: H,
      fromMs: T0,
      toMs: T0 + 4 * H,
      total: 15,
      peak: { count: 10, timeMs: T0 + H },
      buckets: [4, 10, 0, 1],
      bucketMs: H,
    });
  });

  it('sums into at most 48 bars over four weeks of hours', () => {
    const points = Array.from({ length: 672 }, (_, i) => ({ time: T0 + i * H, count: 1 }));
    const g = summariseGraph(points)!;
    expect(g.bucketMs).toBe(14 * H);
    expect(g.buckets).toHaveLength(48);
    expect(g.buckets.every((b) => b === 14)).toBe(true);
  });
});

describe('graphFields', () => {
  it('reads as text with the unit of the data type', () => {
    const fields = graphFields(
      {
        did: 1,
        graphData: [
          { time: T0, count: 2 },
          { time: T0 + H, count: 8 },
        ],
      },
      'sizein',
    );
    expect(fields).toEqual({
      device: '1',
      period: '2020-09-01 00:00 to 2020-09-01 02:00 UTC',
      interval: '1 hour',
      'total bytes in': '10',
      peak: '8 bytes in at 2020-09-01 01:00',
      'intervals with data': '2 of 2',
      activity: '▁█ (2 bars of 1 hour)',
    });
  });

  it('says when there is no graph data', () => expect(graphFields({ did: 5 }, 'co')).toEqual({ device: '5', connections: 'no graph data' }));
});
