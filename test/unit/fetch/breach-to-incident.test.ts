// Breach -> incident: the name, occurred (activity time), dbotMirrorId, rawJSON and the severity
// table with its priority and score fallbacks (README "Fetching incidents").
import { describe, expect, it } from 'vitest';
import type { ModelBreach } from '../../../src/client/schemas.js';
import { breachSeverity, breachToIncident } from '../../../src/fetch/breach-to-incident.js';

const base = {
  pbid: 123,
  time: Date.parse('2026-03-01T10:00:00Z'),
  creationTime: Date.parse('2026-03-01T11:30:00Z'),
  score: 0.824,
  model: { then: { name: 'Anomalous Connection::Data Sent to Rare Domain', pid: 321, priority: 4, category: 'Suspicious' } },
  device: { did: 1428, ip: '10.0.0.5', hostname: 'laptop-5' },
} satisfies ModelBreach;

describe('breachToIncident', () => {
  it('builds the incident SOAR platforms ingest', () => {
    expect(breachToIncident(base)).toEqual({
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
  ])('device label: $name', ({ device, want }) => {
    const { device: _drop, ...rest } = base;
    expect(breachToIncident({ ...rest, ...(device ? { device } : {}) }).name).toContain(want);
  });

  it('prefers percentscore for the score in the name', () => {
    expect(breachToIncident({ ...base, percentscore: 90 }).name).toMatch(/\(score 90\)$/);
  });
});

describe('breachSeverity', () => {
  it.each([
    { name: 'Critical', model: { category: 'Critical', priority: 1 }, score: 0.1, want: 4 },
    { name: 'Suspicious', model: { category: 'Suspicious' }, score: 0.1, want: 3 },
    { name: 'Compliance', model: { category: 'Compliance' }, score: 0.99, want: 2 },
    { name: 'Informational', model: { category: 'Informational', priority: 5 }, score: 0.99, want: 1 },
    { name: 'compliance flag wins over category', model: { category: 'Critical', compliance: true }, score: 0.99, want: 2 },
    { name: 'no category, priority 5', model: { priority: 5 }, score: 0.1, want: 4 },
    { name: 'no category, priority 4', model: { priority: 4 }, score: 0.1, want: 3 },
    { name: 'no category, priority 3', model: { priority: 3 }, score: 0.99, want: 1 },
    { name: 'unknown category falls to priority', model: { category: 'critical-ish', priority: 4 }, score: 0.1, want: 3 },
    { name: 'neither: score 90 is critical', model: {}, score: 0.9, want: 4 },
    { name: 'neither: score 89 is high', model: {}, score: 0.894, want: 3 },
    { name: 'neither: score 70 is high', model: {}, score: 0.7, want: 3 },
    { name: 'neither: score 40 is medium', model: {}, score: 0.4, want: 2 },
    { name: 'neither: score 39 is low', model: {}, score: 0.39, want: 1 },
  ])('$name -> $want', ({ model, score, want }) => {
    expect(breachSeverity({ ...base, score, model: { then: { name: 'm', pid: 1, ...model } } })).toBe(want);
  });
});
