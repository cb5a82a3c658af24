// Breach -> incident: the name, occurred, severity, dbotMirrorId and rawJSON, degrading over the
// real shapes of reference/darktrace-api.md §5.1; and readBreachKey, which decides what is
// deliverable (issue #11) and what would break the checkpoint (issue #12, point 4).
import { describe, expect, it } from 'vitest';
import { breachToIncident, readBreachKey } from '../../../src/incidents/sources/model-breaches.js';

const TIME = Date.parse('2026-03-01T10:00:00Z');
const CREATED = Date.parse('2026-03-01T11:30:00Z');
const base = {
  pbid: 123,
  time: TIME,
  creationTime: CREATED,
  score: 0.824,
  model: { then: { name: 'Anomalous Connection::Data Sent to Rare Domain', pid: 321, priority: 4, category: 'Suspicious' } },
  device: { did: 1428, ip: '10.0.0.5', hostname: 'laptop-5' },
};

function incidentOf(record: Record<string, unknown>) {
  const key = readBreachKey(record);
  if ('reason' in key) throw new Error(key.reason);
  return breachToIncident(record, key, JSON.stringify(record));
}

describe('breachToIncident', () => {
  it('builds the incident SOAR platforms ingest', () => {
    expect(incidentOf(base)).toEqual({
      name: 'Darktrace Model Breach 123: Anomalous Connection::Data Sent to Rare Domain on laptop-5 (score 82)',
      occurred: '2026-03-01T10:00:00.000Z',
      severity: 3,
      dbotMirrorId: '123',
      rawJSON: JSON.stringify(base),
    });
  });

  it.each([
    { name: 'hostname first', device: { did: 9, ip: '10.0.0.9', hostname: 'h9' }, want: 'on h9 (' },
    { name: 'ip without hostname', device: { did: 9, ip: '10.0.0.9' }, want: 'on 10.0.0.9 (' },
    { name: 'SaaS device with ip "" falls to did', device: { did: 9, ip: '' }, want: 'on device 9 (' },
    { name: 'no device at all', device: undefined, want: 'on unknown device (' },
    { name: 'System breach (did -1, no hostname or IP)', device: { did: -1 }, want: 'on System (' },
    { name: 'did as a numeric string', device: { did: '1417', hostname: null }, want: 'on device 1417 (' },
  ])('device label: $name', ({ device, want }) => {
    const { device: _drop, ...rest } = base;
    expect(incidentOf({ ...rest, ...(device ? { device } : {}) }).name).toContain(want);
  });

  it.each([
    { name: 'percentscore wins', patch: { percentscore: 90 }, want: { name: /\(score 90\)$/ } },
    { name: 'score as a string', patch: { score: '0.592' }, want: { name: /\(score 59\)$/ } },
    { name: 'no score: no score in the name, severity from the category', patch: { score: null }, want: { name: /Rare Domain on laptop-5$/, severity: 3 } },
    { name: 'time as an appliance date string', patch: { time: '2026-03-01 09:00:00' }, want: { occurred: '2026-03-01T09:00:00.000Z' } },
    { name: 'no time (System breaches): occurred is the creation time', patch: { time: undefined }, want: { occurred: '2026-03-01T11:30:00.000Z' } },
    { name: 'time 1e300: occurred is the creation time', patch: { time: 1e300 }, want: { occurred: '2026-03-01T11:30:00.000Z' } },
    {
      name: 'inline model (historicmodelonly): its name and category',
      patch: { model: { name: 'System::System', category: 'Critical', pid: 1 }, device: { did: -1 } },
      want: { name: 'Darktrace Model Breach 123: System::System on System (score 82)', severity: 4 },
    },
    { name: 'no model at all', patch: { model: null, score: 0.95 }, want: { name: /: unknown model on laptop-5/, severity: 4 } },
    {
      name: 'acknowledged object is kept in rawJSON',
      patch: { acknowledged: { time: TIME, username: 'ana' } },
      want: { rawJSON: /"acknowledged":\{"time":\d+,"username":"ana"\}/ },
    },
  ])('degrades: $name', ({ patch, want }) => {
    const incident = incidentOf({ ...base, ...patch });
    for (const [field, expected] of Object.entries(want)) {
      const got = incident[field as keyof typeof incident];
      if (expected instanceof RegExp) expect(got).toMatch(expected);
      else expect(got).toBe(expected);
    }
  });
});

describe('readBreachKey', () => {
  it.each([
    { name: 'numbers', patch: {}, want: { pbid: 123, creationTimeMs: CREATED } },
    { name: 'numeric strings', patch: { pbid: '123', creationTime: String(CREATED) }, want: { pbid: 123, creationTimeMs: CREATED } },
    { name: 'pbid 123.0', patch: { pbid: 123.0 }, want: { pbid: 123, creationTimeMs: CREATED } },
    { name: 'creationTime as an appliance date', patch: { creationTime: '2026-03-01 11:30:00' }, want: { pbid: 123, creationTimeMs: CREATED } },
    { name: 'pbid missing', patch: { pbid: undefined }, want: { field: 'pbid', reason: 'pbid is missing' } },
    { name: 'pbid null', patch: { pbid: null }, want: { field: 'pbid', reason: 'pbid is null, expected an integer' } },
    { name: 'pbid a fraction', patch: { pbid: 12.5 }, want: { field: 'pbid', reason: 'pbid is 12.5, expected an integer' } },
    {
      name: 'pbid beyond a safe integer',
      patch: { pbid: 2 ** 60 },
      want: { field: 'pbid', reason: expect.stringMatching(/^pbid is 1152921504606847000, expected/) },
    },
    { name: 'creationTime missing', patch: { creationTime: undefined }, want: { field: 'creationTime', reason: 'creationTime is missing' } },
    {
      name: 'creationTime 1e300',
      patch: { creationTime: 1e300 },
      want: { field: 'creationTime', reason: 'creationTime is 1e+300, expected epoch milliseconds or a date' },
    },
    {
      name: 'creationTime text',
      patch: { creationTime: 'yesterday' },
      want: { field: 'creationTime', reason: 'creationTime is "yesterday", expected epoch milliseconds or a date' },
    },
  ])('$name', ({ patch, want }) => {
    const record: Record<string, unknown> = { ...base, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete record[k];
    expect(readBreachKey(record)).toEqual(want);
  });

  it.each([
    { record: null, reason: 'the record is null, not an object' },
    { record: [1], reason: 'the record is a list, not an object' },
    { record: 'junk', reason: 'the record is a string, not an object' },
  ])('a record that is not an object: $reason', ({ record, reason }) => {
    expect(readBreachKey(record)).toEqual({ field: '(record)', reason });
  });
});
