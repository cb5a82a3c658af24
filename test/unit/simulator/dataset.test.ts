import { describe, expect, it } from 'vitest';
import { DATASET_BASE_TIME_MS, loadDefaultDataset } from '../../../src/simulator/dataset.js';

describe('default dataset (test_data/api)', () => {
  const data = loadDefaultDataset();

  it('returns a fresh deep copy on every call', () => {
    const a = loadDefaultDataset();
    a.breaches[0]!.acknowledged = true;
    a.tags.push({ ...a.tags[0]!, tid: 999 });
    const b = loadDefaultDataset();
    expect([b.breaches[0]!.acknowledged, b.tags.length]).toEqual([false, 5]);
  });

  it.each([
    { name: 'base time', got: () => new Date(DATASET_BASE_TIME_MS).toISOString(), want: '2026-03-01T12:00:00.000Z' },
    { name: 'device ids', got: () => data.devices.map((d) => d.did), want: [1, 2, 3, 823, 1428, 1501, 1562, 1733, 1801, 1975, 2011, 2105, 2540] },
    { name: 'breach pbids', got: () => data.breaches.map((b) => b.pbid), want: [30951, 30952, 30953, 30954, 30955, 30956, 30957, 30958, 30959, 30960] },
    {
      name: 'tag names',
      got: () => data.tags.map((t) => [t.tid, t.name]),
      want: [
        [9, 'Admin'],
        [12, 'Active Threat'],
        [15, 'Re-Activated Device'],
        [21, 'Critical Server'],
        [30, 'Guest'],
      ],
    },
    { name: 'endpoint details keys', got: () => Object.keys(data.endpointDetails), want: ['hostname:cats.com', 'ip:203.0.113.7'] },
    { name: 'similar devices keys', got: () => Object.keys(data.similarDevices), want: ['1', '1428'] },
    {
      name: 'categories incl. one missing',
      got: () => data.breaches.map((b) => b.model.then.category ?? null),
      want: ['Suspicious', 'Critical', 'Compliance', 'Suspicious', 'Informational', 'Critical', null, 'Critical', 'Suspicious', 'Suspicious'],
    },
  ])('$name', ({ got, want }) => expect(got()).toEqual(want));

  it('keeps breach devices consistent with /devices', () => {
    const byDid = new Map(data.devices.map((d) => [d.did, d]));
    for (const b of data.breaches) expect(b.device.hostname).toBe(byDid.get(b.device.did)?.hostname);
  });

  it('has every breach model in /models and every model component in /components', () => {
    const cids = new Set(data.components.map((c) => c.cid));
    for (const b of data.breaches) {
      const model = data.models.find((m) => m.uuid === b.model.then.uuid);
      expect(model?.pid).toBe(b.model.then.pid);
      for (const { cid } of (model?.['logic'] as { data: Array<{ cid: number }> }).data) expect(cids.has(cid)).toBe(true);
    }
  });
});
