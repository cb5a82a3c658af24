import { describe, expect, it } from 'vitest';
import { aiAnalystSource } from '../../../src/mirror/ai-analyst.js';
import { modelBreachSource } from '../../../src/mirror/model-breaches.js';

describe('AI Analyst mirror ids', () => {
  it.each([
    ['da042c57-3e45-4e65-aca5-63dbcdf8df0c', 'da042c57-3e45-4e65-aca5-63dbcdf8df0c'],
    [' DA042C57-3E45-4E65-ACA5-63DBCDF8DF0C ', 'da042c57-3e45-4e65-aca5-63dbcdf8df0c'],
    ['04a3f36e-4u8w-v9dh-x6lb-894778cf9633', '04a3f36e-4u8w-v9dh-x6lb-894778cf9633'],
    ['gda042c57-3e45-4e65-aca5-63dbcdf8df0c', undefined],
    ['1417', undefined],
    ['not-an-id', undefined],
    ['da042c57-3e45-4e65-aca5-63dbcdf8df0c,da042c57-3e45-4e65-aca5-63dbcdf8df0d', undefined],
    ['', undefined],
  ])('%j -> %j', (remoteId, expected) => {
    expect(aiAnalystSource.canonicalId(remoteId)).toBe(expected);
  });

  it('never claims a model breach id, and a breach source never claims an event id', () => {
    expect(aiAnalystSource.canonicalId('30952')).toBeUndefined();
    expect(modelBreachSource.canonicalId('da042c57-3e45-4e65-aca5-63dbcdf8df0c')).toBeUndefined();
  });
});

// groupScore is compared at one decimal (domain/ai-analyst.ts), so float noise is no change.
describe('AI Analyst snapshot of a fetched event', () => {
  it.each([
    [
      { id: 'e', acknowledged: false, currentGroup: 'ge', groupScore: 97.96 },
      { ack: false, fields: { groupId: 'ge', groupScore: 98 } },
    ],
    [
      { id: 'e', acknowledged: true, currentGroup: 'ge', groupScore: '72.9174234' },
      { ack: true, fields: { groupId: 'ge', groupScore: 72.9 } },
    ],
    [
      { id: 'e', acknowledged: null, currentGroup: null },
      { ack: false, fields: {} },
    ],
    ['not an event', { ack: false, fields: {} }],
  ])('%j', (record, expected) => {
    expect(aiAnalystSource.snapshotOf(record)).toEqual(expected);
  });
});
