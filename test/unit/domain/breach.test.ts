import { describe, expect, it } from 'vitest';
import { breachDeviceLabel, breachModelName, breachScore01, breachSeverity, modelCategory, percentScore } from '../../../src/domain/breach.js';
import { readInteger, readNumber, readText, readTimeMs } from '../../../src/appliance-values.js';

describe('value readers', () => {
  it.each([
    { name: 'number', raw: 0.592, num: 0.592, int: undefined },
    { name: 'numeric string', raw: '1417', num: 1417, int: 1417 },
    { name: 'float-looking integer', raw: 5.0, num: 5, int: 5 },
    { name: 'null', raw: null, num: undefined, int: undefined },
    { name: 'empty string', raw: '', num: undefined, int: undefined },
    { name: 'text', raw: 'high', num: undefined, int: undefined },
    { name: 'infinity', raw: Infinity, num: undefined, int: undefined },
    { name: 'unsafe integer', raw: 2 ** 60, num: 2 ** 60, int: undefined },
  ])('readNumber/readInteger: $name', ({ raw, num, int }) => {
    expect(readNumber(raw)).toBe(num);
    expect(readInteger(raw)).toBe(int);
  });

  it.each([
    { name: 'epoch ms', raw: 1674522271000, want: 1674522271000 },
    { name: 'ms as string', raw: '1674522271000', want: 1674522271000 },
    { name: 'fraction dropped', raw: 1674522271000.7, want: 1674522271000 },
    { name: 'appliance date string', raw: '2023-01-24 01:04:31', want: Date.parse('2023-01-24T01:04:31Z') },
    { name: 'ISO string', raw: '2023-01-24T01:04:31.000Z', want: Date.parse('2023-01-24T01:04:31Z') },
    { name: 'beyond a Date', raw: 1e300, want: undefined },
    { name: 'negative', raw: -5, want: undefined },
    { name: 'garbage', raw: 'yesterday', want: undefined },
  ])('readTimeMs: $name', ({ raw, want }) => expect(readTimeMs(raw)).toBe(want));

  it('readText treats blank as absent', () => {
    expect([readText(''), readText('  '), readText(null), readText('a')]).toEqual([undefined, undefined, undefined, 'a']);
  });
});

describe('breach rules', () => {
  it.each([
    { name: 'compliance wins', model: { category: 'Critical', compliance: true }, want: 'Compliance' },
    { name: 'category any case', model: { category: 'suspicious' }, want: 'Suspicious' },
    { name: 'no substring match', model: { category: 'Critically' }, want: undefined },
    { name: 'priority 5.0', model: { priority: 5.0 }, want: 'Critical' },
    { name: 'priority "4"', model: { priority: '4' }, want: 'Suspicious' },
    { name: 'priority 2', model: { priority: 2 }, want: 'Informational' },
    { name: 'nothing', model: { priority: null }, want: undefined },
  ])('modelCategory: $name', ({ model, want }) => expect(modelCategory(model)).toBe(want));

  it.each([
    { name: '0..1 number', breach: { score: 0.592 }, s01: 0.592, pct: 59 },
    { name: 'numeric string', breach: { score: '0.592' }, s01: 0.592, pct: 59 },
    { name: '0-100 scale detected', breach: { score: 59 }, s01: 0.59, pct: 59 },
    { name: 'percentscore wins', breach: { score: 0.5, percentscore: 61 }, s01: 0.5, pct: 61 },
    { name: 'absurd score', breach: { score: 5900 }, s01: undefined, pct: undefined },
    { name: 'missing', breach: {}, s01: undefined, pct: undefined },
  ])('score: $name', ({ breach, s01, pct }) => {
    expect(breachScore01(breach)).toBe(s01);
    expect(percentScore(breach)).toBe(pct);
  });

  it.each([
    { name: 'then', breach: { model: { then: { name: 'A::B', category: 'Critical' }, now: { name: 'A::C' } } }, name_: 'A::B', sev: 4 },
    { name: 'inline model', breach: { model: { name: 'Inline::M', priority: 4 } }, name_: 'Inline::M', sev: 3 },
    { name: 'only now', breach: { model: { now: { name: 'N::M', category: 'Informational' } } }, name_: 'N::M', sev: 1 },
    { name: 'pid only, score band', breach: { model: { pid: 7 }, score: 0.95 }, name_: 'model 7', sev: 4 },
    { name: 'no model at all', breach: { score: 0.45 }, name_: 'unknown model', sev: 2 },
  ])('model and severity: $name', ({ breach, name_, sev }) => {
    expect(breachModelName(breach)).toBe(name_);
    expect(breachSeverity(breach)).toBe(sev);
  });

  it.each([
    { name: 'hostname', breach: { device: { did: 5, hostname: 'ws-1', ip: '10.0.0.1' } }, want: 'ws-1' },
    { name: 'empty ip falls through', breach: { device: { did: 5, ip: '' } }, want: 'device 5' },
    { name: 'System did -1', breach: { device: { did: -1 }, model: { then: { name: 'System::System' } } }, want: 'System' },
    { name: 'System did as string', breach: { device: { did: '-1' } }, want: 'System' },
    { name: 'test alert, no did', breach: { device: {} }, want: 'unknown device' },
    { name: 'no device', breach: {}, want: 'unknown device' },
  ])('device label: $name', ({ breach, want }) => expect(breachDeviceLabel(breach)).toBe(want));
});
