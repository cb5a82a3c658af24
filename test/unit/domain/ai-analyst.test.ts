import { describe, expect, it } from 'vitest';
import {
  aiaCategory,
  aiaEventLink,
  aiaEventScore,
  aiaGroupLink,
  aiaGroupScore,
  aiaRelatedPbids,
  aiaSeverity,
  aiaSubjectLabel,
  breachAiAnalystEventIds,
  renderAiaSummary,
} from '../../../src/domain/ai-analyst.js';

const fmt = (value: string, ...replacements: unknown[]) => ({ valueType: 'formatString', value, replacements });

describe('renderAiaSummary', () => {
  it.each([
    { name: 'a string as sent', summary: 'The device a was seen.\n\nInvestigate.', want: 'The device a was seen.\n\nInvestigate.' },
    { name: 'absent', summary: undefined, want: '' },
    { name: 'null', summary: null, want: '' },
    {
      name: 'nested template (XSOAR ai_analyst_incident.json shape): actor, service and IP kept',
      summary: fmt(
        '{}\n\nThough this could be legitimate.',
        fmt(
          'The SaaS actor {} used {} from the IP {}.',
          { valueType: 'username', value: 'u@example.com' },
          { valueType: 'string', value: 'Office365' },
          { valueType: 'externalHost', value: { identifier: '0.0.0.0', ip: null } },
        ),
      ),
      want: 'The SaaS actor u@example.com used Office365 from the IP 0.0.0.0.\n\nThough this could be legitimate.',
    },
    {
      name: 'device by hostname and ip',
      summary: fmt('Seen on {}.', { valueType: 'device', value: { hostname: 'ws-1', ip: '10.0.0.1', did: 4 } }),
      want: 'Seen on ws-1 (10.0.0.1).',
    },
    { name: 'device by did only', summary: fmt('Seen on {}.', { valueType: 'device', value: { hostname: null, did: 4 } }), want: 'Seen on device 4.' },
    {
      name: 'more replacements than {} are appended, never dropped',
      summary: fmt('Seen {}.', { valueType: 'string', value: 'a' }, { valueType: 'string', value: 'b' }),
      want: 'Seen a. (b)',
    },
    { name: 'fewer replacements than {} leave the rest', summary: fmt('{} and {}', { valueType: 'string', value: 'a' }), want: 'a and {}' },
    { name: 'numbers in replacements', summary: fmt('{} cases', { valueType: 'string', value: 3 }), want: '3 cases' },
  ])('$name', ({ summary, want }) => expect(renderAiaSummary(summary)).toBe(want));

  it('stops at a depth limit instead of recursing forever', () => {
    let deep: unknown = { valueType: 'string', value: 'x' };
    for (let i = 0; i < 50; i++) deep = fmt('{}', deep);
    expect(renderAiaSummary(deep)).toBe('');
  });
});

describe('category, severity and scores', () => {
  it.each([
    { name: 'groupCategory wins', record: { groupCategory: 'critical', category: 'compliance' }, category: 'Critical', severity: 4 },
    { name: 'own category as fallback', record: { category: 'Suspicious' }, category: 'Suspicious', severity: 3 },
    { name: 'compliance', record: { groupCategory: 'compliance' }, category: 'Compliance', severity: 2 },
    { name: 'informational', record: { groupCategory: 'informational' }, category: 'Informational', severity: 1 },
    { name: 'unknown is high, not low', record: { groupCategory: 'weird' }, category: undefined, severity: 3 },
  ])('$name', ({ record, category, severity }) => {
    expect(aiaCategory(record)).toBe(category);
    expect(aiaSeverity(record)).toBe(severity);
  });

  it.each([
    { name: 'int', value: 94, event: 94, group: 94 },
    { name: 'float', value: 52.0, event: 52, group: 52 },
    { name: 'string', value: '72.9174234', event: 72.9174234, group: 72.9 },
    { name: 'out of range', value: 150, event: undefined, group: undefined },
    { name: 'null', value: null, event: undefined, group: undefined },
  ])('score $name', ({ value, event, group }) => {
    expect(aiaEventScore({ aiaScore: value })).toBe(event);
    expect(aiaGroupScore({ groupScore: value })).toBe(group);
  });
});

describe('pbids, subject, links, cross-links', () => {
  it('related pbids: numbers and numeric strings, unique, in order; junk skipped', () => {
    expect(aiaRelatedPbids({ relatedBreaches: [{ pbid: 5 }, { pbid: '7' }, { pbid: 5 }, { pbid: null }, 'x'] })).toEqual([5, 7]);
    expect(aiaRelatedPbids({})).toEqual([]);
  });

  it.each([
    { name: 'hostname', event: { breachDevices: [{ hostname: 'ws-1', ip: '10.0.0.1' }] }, want: 'ws-1' },
    { name: 'identifier when hostname is null', event: { breachDevices: [{ hostname: null, identifier: 'id-1' }] }, want: 'id-1' },
    { name: 'did only', event: { breachDevices: [{ did: 9 }] }, want: 'device 9' },
    { name: 'several devices', event: { breachDevices: [{ hostname: 'a' }, { ip: '10.0.0.2' }, { did: 3 }] }, want: 'a (+2 more)' },
    { name: 'email-sourced: the sender', event: { breachDevices: [], sender: 'x@example.com' }, want: 'x@example.com' },
    { name: 'nothing', event: { breachDevices: [] }, want: 'unknown device' },
  ])('subject: $name', ({ event, want }) => expect(aiaSubjectLabel(event)).toBe(want));

  it('links drop a trailing slash of the instance URL', () => {
    expect(aiaEventLink('https://dt.example/', 'e1')).toBe('https://dt.example/#aiaincidentevent/e1');
    expect(aiaGroupLink('https://dt.example/prefix', 'ge1')).toBe('https://dt.example/prefix/#aiagroup/ge1');
  });

  it('breach aianalystData uuids, unique; none when absent or malformed', () => {
    expect(breachAiAnalystEventIds({ aianalystData: [{ uuid: 'a', related: [1] }, { uuid: 'a' }, { uuid: 'b' }, { uuid: null }] })).toEqual(['a', 'b']);
    expect(breachAiAnalystEventIds({ aianalystData: 'x' })).toEqual([]);
    expect(breachAiAnalystEventIds(null)).toEqual([]);
  });
});
