import { describe, expect, it } from 'vitest';
import { BREACH_BASE_URL, breachRecord } from '../../helpers/breach-record.js';
import { BreachRecordSchema } from '../../../src/client/schemas.js';
import { modelCategory } from '../../../src/domain/breach.js';
import { cleanDescription, modelBreachContext } from '../../../src/domain/model-breach-context.js';

const BASE = BREACH_BASE_URL;
const breach = breachRecord;

describe('modelBreachContext', () => {
  it('shapes a full breach as the XM context, score kept 0..1', () => {
    const context = modelBreachContext(
      breach({ creationTime: Date.UTC(2026, 2, 1, 1, 0, 42), commentCount: 2, acknowledged: false, triggeredComponents: [{ cid: 1 }] }),
      { baseUrl: BASE, includeTriggeredComponents: true },
    );
    expect(context).toEqual({
      pbid: 101,
      time: '2026-03-01T01:00:00.000Z',
      creationTime: '2026-03-01T01:00:42.000Z',
      score: 0.872,
      percentscore: 87,
      commentCount: 2,
      acknowledged: false,
      device: { did: 1428, ip: '10.0.0.5', hostname: 'laptop-5', deviceType: 'laptop' },
      model: { name: 'Device::Attack and Recon Tools', pid: 72, uuid: 'u-72', tags: ['AP: Recon'], priority: 4, category: 'Suspicious' },
      triggeredComponents: [{ cid: 1 }],
      link: 'https://dt.example.com/#modelbreach/101',
    });
  });

  it.each([
    { name: 'device keys the API left out stay absent', input: breach({ device: { did: 7 } }), path: 'device', want: { did: 7 } },
    { name: 'no device at all (deviceattop=false)', input: breach({ device: undefined }), path: 'device', want: undefined },
    { name: 'no commentCount', input: breach(), path: 'commentCount', want: undefined },
    { name: 'no creationTime', input: breach(), path: 'creationTime', want: undefined },
    { name: 'percentscore from the appliance wins', input: breach({ percentscore: 88 }), path: 'percentscore', want: 88 },
    { name: 'percentscore rounds score*100', input: breach({ score: 0.005 }), path: 'percentscore', want: 1 },
    { name: 'score 0 stays 0', input: breach({ score: 0 }), path: 'score', want: 0 },
    { name: 'score 1 stays 1', input: breach({ score: 1 }), path: 'score', want: 1 },
    { name: 'components left out unless asked', input: breach({ triggeredComponents: [{ cid: 1 }] }), path: 'triggeredComponents', want: undefined },
    {
      name: 'historicmodelonly: model is the summary itself',
      input: breach({ model: { name: 'Compliance::Tor', pid: 9, priority: 2 } }),
      path: 'model',
      want: { name: 'Compliance::Tor', pid: 9, priority: 2, category: 'Informational' },
    },
    { name: 'only model.now', input: breach({ model: { now: { name: 'X::Y', pid: 3 } } }), path: 'model', want: { name: 'X::Y', pid: 3 } },
    {
      name: 'description: literal \\n sequences become one space',
      input: breach({ model: { then: { name: 'A', pid: 1, description: 'First.\\n\\nAction: act.\\n' } } }),
      path: 'model',
      want: { name: 'A', pid: 1, description: 'First. Action: act.' },
    },
  ])('$name', ({ input, path, want }) => {
    const context = modelBreachContext(input, { baseUrl: BASE }) as unknown as Record<string, unknown>;
    expect(context[path]).toEqual(want);
    expect(path in context).toBe(want !== undefined);
  });

  it.each([
    { name: 'no trailing slash', baseUrl: 'https://dt.example.com', want: 'https://dt.example.com/#modelbreach/101' },
    { name: 'trailing slashes dropped', baseUrl: 'https://dt.example.com//', want: 'https://dt.example.com/#modelbreach/101' },
    { name: 'path prefix kept', baseUrl: 'https://proxy.example.com/darktrace/', want: 'https://proxy.example.com/darktrace/#modelbreach/101' },
  ])('link: $name', ({ baseUrl, want }) => {
    expect(modelBreachContext(breach(), { baseUrl }).link).toBe(want);
  });
});

describe('modelBreachContext: shapes real appliances send (reference §5.1)', () => {
  const read = (raw: Record<string, unknown>) => BreachRecordSchema.parse({ ...breach(), ...raw });

  it.each([
    {
      name: 'acknowledged as {time, username}: acknowledged, by whom and when',
      raw: { acknowledged: { time: 1733838122000, username: 'analyst@example.com' } },
      want: { acknowledged: true, acknowledgedBy: 'analyst@example.com', acknowledgedTime: '2024-12-10T13:42:02.000Z' },
    },
    { name: 'acknowledged as {username} only', raw: { acknowledged: { username: 'a1' } }, want: { acknowledged: true, acknowledgedBy: 'a1' } },
    { name: 'acknowledged "true" as a string', raw: { acknowledged: 'true' }, want: { acknowledged: true } },
    { name: 'acknowledged null is absent', raw: { acknowledged: null }, want: {} },
    { name: 'System breach: device did -1', raw: { device: { did: -1 } }, want: { system: true, device: { did: -1 } } },
    { name: 'score on the 0-100 scale is scaled down', raw: { score: 59 }, want: { score: 0.59, percentscore: 59 } },
    {
      name: 'score and did as numeric strings',
      raw: { score: '0.592', device: { did: '1417' } },
      want: { score: 0.592, percentscore: 59, device: { did: 1417 } },
    },
    { name: 'time as "YYYY-MM-DD HH:MM:SS"', raw: { time: '2024-01-15 09:26:04' }, want: { time: '2024-01-15T09:26:04.000Z' } },
    { name: 'a device with no did and no keys is left out', raw: { device: { did: null } }, want: {} },
    { name: 'credentials as plain strings are kept', raw: { device: { did: 7, credentials: ['jdoe'] } }, want: { device: { did: 7, credentials: ['jdoe'] } } },
  ])('$name', ({ raw, want }) => {
    const context = modelBreachContext(read(raw), { baseUrl: BASE }) as unknown as Record<string, unknown>;
    expect(context).toMatchObject(want);
    for (const key of ['acknowledgedBy', 'acknowledgedTime', 'system']) expect(key in context).toBe(key in want);
    if (!('device' in want) && raw.device !== undefined) expect('device' in context).toBe(false);
  });
});

describe('modelCategory', () => {
  it.each([
    { name: 'category as sent', model: { category: 'Critical', priority: 1 }, want: 'Critical' },
    { name: 'compliance flag without category', model: { compliance: true, priority: 5 }, want: 'Compliance' },
    { name: 'compliance flag wins over category (§5)', model: { compliance: true, category: 'Critical' }, want: 'Compliance' },
    { name: 'priority out of range', model: { priority: 9 }, want: undefined },
    { name: 'priority 5', model: { priority: 5 }, want: 'Critical' },
    { name: 'priority 4', model: { priority: 4 }, want: 'Suspicious' },
    { name: 'priority 3', model: { priority: 3 }, want: 'Informational' },
    { name: 'priority 0', model: { priority: 0 }, want: 'Informational' },
    { name: 'unknown category text falls back to priority', model: { category: 'weird', priority: 4 }, want: 'Suspicious' },
    { name: 'nothing to go on', model: {}, want: undefined },
  ])('$name', ({ model, want }) => expect(modelCategory(model)).toBe(want));
});

describe('cleanDescription', () => {
  it.each([
    { name: 'literal escapes', raw: 'a\\nb', want: 'a b' },
    { name: 'real newlines', raw: 'a\r\n\nb', want: 'a b' },
    { name: 'runs of spaces collapse', raw: 'a  \\n  b', want: 'a b' },
    { name: 'untouched text', raw: 'plain', want: 'plain' },
  ])('$name', ({ raw, want }) => expect(cleanDescription(raw)).toBe(want));
});
