import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { withSimulator } from '../../helpers/start-simulator.js';
import { call } from './signed-request.js';

const T = Date.parse('2026-03-01T12:00:00Z');
const MIN = 60_000;
const handle = withSimulator(() => ({ clock: fixedClock(T) }));
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o), 'utf8').toString('base64');
const window = (minutes: number) => ({
  timeframe: 'custom',
  time: { from: new Date(T - minutes * MIN).toISOString(), to: new Date(T).toISOString(), user_interval: 0 },
});

type Row = { name: string; path: string; pairs?: Array<[string, string]>; status?: number; check: (body: any) => void };

const rows: Row[] = [
  { name: 'status', path: '/status', check: (b) => expect([b.hostname, b.time, b.version]).toEqual(['dt-master', '2026-03-01 12:00', '6.1.30 (abc123)']) },
  {
    name: 'similardevices of did 1 (seed)',
    path: '/similardevices',
    pairs: [
      ['did', '1'],
      ['count', '2'],
    ],
    check: (b) =>
      expect(b.map((d: any) => [d.did, d.firstSeen, d.lastSeen])).toEqual([
        [823, 1596758800000, 1600064618000],
        [3, 1591730372000, 1599850680000],
      ]),
  },
  {
    name: 'similardevices count=1',
    path: '/similardevices',
    pairs: [
      ['did', '1'],
      ['count', '1'],
    ],
    check: (b) => expect(b).toHaveLength(1),
  },
  {
    name: 'endpointdetails cats.com (seed)',
    path: '/endpointdetails',
    pairs: [
      ['hostname', 'cats.com'],
      ['additionalinfo', 'true'],
      ['devices', 'true'],
      ['score', 'true'],
    ],
    check: (b) => expect(b).toEqual({ hostname: 'cats.com', firsttime: 1596775643000, devices: [], ips: [], locations: [], popularity: 0, dgascore: 0 }),
  },
  {
    name: 'endpointdetails without devices or score',
    path: '/endpointdetails',
    pairs: [
      ['hostname', 'cats.com'],
      ['additionalinfo', 'true'],
      ['devices', 'false'],
      ['score', 'false'],
    ],
    check: (b) => expect(Object.keys(b).sort()).toEqual(['firsttime', 'hostname', 'ips', 'locations']),
  },
  {
    name: 'deviceinfo did 1 co (seed)',
    path: '/deviceinfo',
    pairs: [
      ['did', '1'],
      ['datatype', 'co'],
      ['externaldomain', ''],
      ['oid', ''],
      ['showallgraphdata', 'false'],
      ['fulldevicedetails', 'false'],
      ['similardevices', '0'],
    ],
    check: (b) => {
      const d = b.deviceInfo[0];
      expect([d.did, d.graphData.length, d.graphData[0], d.info.totalUsed, d.info.devicesUsed.at(-1)]).toEqual([
        1,
        66,
        { time: 1598302800000, count: 390 },
        1589,
        { did: 'others', size: 1 },
      ]);
    },
  },
  {
    name: 'deviceinfo sizeout',
    path: '/deviceinfo',
    pairs: [
      ['did', '1'],
      ['datatype', 'sizeout'],
    ],
    check: (b) => expect(b.deviceInfo[0].graphData[0]).toEqual({ time: 1598302800000, count: 390 * 1460 }),
  },
  {
    name: 'analyze source_ip over conn logs, last 15 min',
    path: `/advancedsearch/api/analyze/@fields.source_ip/terms/${b64({ search: '@type:conn', fields: [], offset: '0', ...window(15), mode: '', analyze_field: '' })}`,
    check: (b) =>
      expect([b.hits.total, b.hits.hits]).toEqual([
        5,
        [
          { count: 3, id: '10.0.0.5' },
          { count: 1, id: '10.0.0.12' },
          { count: 1, id: '10.0.0.20' },
        ],
      ]),
  },
  {
    name: 'search source_ip/dest_ip, last 10 min',
    path: `/advancedsearch/api/search/${b64({ search: '@fields.source_ip:(10.0.0.5) OR @fields.dest_ip:(10.0.0.5)', fields: [], offset: 0, ...window(10) })}`,
    check: (b) =>
      expect(b.hits.hits.map((h: any) => h._source['@fields'].epochdate - T / 1000)).toEqual([-60, -240, -299.9, -540.877].map((x) => expect.closeTo(x, 3))),
  },
  {
    name: 'search host quoted, last 10 min',
    path: `/advancedsearch/api/search/${b64({ search: '@fields.host:("laptop-5.corp.example" OR "nobody")', fields: [], offset: 0, ...window(10) })}`,
    check: (b) => expect(b.hits.hits.map((h: any) => h._source['@type'])).toEqual(['http', 'ssl', 'dns']),
  },
  {
    name: 'search src_ip AND type with starttime/endtime and size',
    path: `/advancedsearch/api/search/${b64({ search: '@fields.src_ip:(10.0.0.5) AND @type:dns', fields: [], starttime: T - 10 * MIN, endtime: T, size: 1 })}`,
    check: (b) => expect([b.hits.total, b.hits.hits[0]._source['@fields'].query]).toEqual([1, 'cdn-7.example.net']),
  },
  { name: 'intelfeed names', path: '/intelfeed', check: (b) => expect(b).toEqual(['evil-c2.example', '198.51.100.23', 'malware-drop.example']) },
  { name: 'intelfeed sources', path: '/intelfeed', pairs: [['sources', 'true']], check: (b) => expect(b).toEqual(['ThreatIntel', 'Default']) },
  {
    name: 'tags/entities by tag with full device details (§4.7)',
    path: '/tags/entities',
    pairs: [
      ['tag', 'Admin'],
      ['fulldevicedetails', 'true'],
    ],
    check: (b) =>
      expect([b.entities[0].tid, b.entities[0].entityValue, b.devices[0].hostname, b.devices[0].tags[0].name]).toEqual([9, '2540', 'EC2AMAZ-44COMHV', 'Admin']),
  },
  {
    name: 'tags/entities by did',
    path: '/tags/entities',
    pairs: [['did', '1733']],
    check: (b) => expect(b.map((t: any) => [t.tid, t.name])).toEqual([[21, 'Critical Server']]),
  },
  {
    name: 'modelbreaches by pbid is an object',
    path: '/modelbreaches',
    pairs: [['pbid', '30951']],
    check: (b) => expect([b.pbid, b.model.then.name, b.device.did]).toEqual([30951, 'Device::Attack and Recon Tools', 1428]),
  },
  {
    name: 'modelbreaches/<pbid>',
    path: '/modelbreaches/30957',
    check: (b) => expect([b.pbid, b.model.then.priority, 'category' in b.model.then]).toEqual([30957, 3, false]),
  },
  { name: 'unknown pbid', path: '/modelbreaches/99999', status: 404, check: (b) => expect(b).toEqual({ error: 'Model breach 99999 not found' }) },
  { name: 'breach comments', path: '/modelbreaches/30951/comments', check: (b) => expect(b.map((c: any) => c.username)).toEqual(['analyst1', 'analyst2']) },
  {
    name: 'mbcomments by pbid',
    path: '/mbcomments',
    pairs: [['pbid', '30958']],
    check: (b) => expect(b.map((c: any) => [c.pbid, c.pid])).toEqual([[30958, 250]]),
  },
  {
    name: 'models by uuid',
    path: '/models',
    pairs: [['uuid', '80010119-6d7f-0000-0305-5e0000000185']],
    check: (b) =>
      expect([b.pid, b.logic.data]).toEqual([
        185,
        [
          { cid: 1202, weight: 1 },
          { cid: 1203, weight: 1 },
        ],
      ]),
  },
  { name: 'unknown model', path: '/models', pairs: [['uuid', 'nope']], status: 404, check: (b) => expect(b.error).toBe('Model nope not found') },
  { name: 'components by cid', path: '/components', pairs: [['cid', '1209']], check: (b) => expect([b.cid, b.name]).toEqual([1209, 'Watched Domain']) },
  { name: 'unknown component', path: '/components', pairs: [['cid', '9']], status: 404, check: (b) => expect(b.error).toBe('Component 9 not found') },
  {
    name: 'details by pbid: breach record first',
    path: '/details',
    pairs: [
      ['pbid', '30951'],
      ['order', 'desc'],
      ['count', '4'],
    ],
    check: (b) =>
      expect(b.map((e: any) => [e.eventType, e.sdid ?? e.pbid])).toEqual([
        ['policybreach', 30951],
        ['connection', 1428],
        ['connection', 1428],
        ['connection', 1428],
      ]),
  },
  {
    name: 'details by did and window, ascending',
    path: '/details',
    pairs: [
      ['did', '2540'],
      ['starttime', String(T - 5 * 60 * MIN)],
      ['endtime', String(T)],
      ['eventtype', 'connection'],
      ['order', 'asc'],
    ],
    check: (b) =>
      expect(b.map((e: any) => [e.timems - T, e.destination])).toEqual([
        [-4 * 60 * MIN + 1000, 'malware-drop.example'],
        [-4 * 60 * MIN + 5000, 'dc01.corp.example'],
      ]),
  },
  {
    name: 'devices by ip',
    path: '/devices',
    pairs: [['ip', '10.0.0.5']],
    check: (b) => expect(b.map((d: any) => [d.did, d.hostname])).toEqual([[1428, 'laptop-5.corp.example']]),
  },
  { name: 'devices by hostname', path: '/devices', pairs: [['hostname', 'dc01.corp.example']], check: (b) => expect(b.map((d: any) => d.did)).toEqual([1562]) },
  {
    name: 'devices seen in the last 5 min',
    path: '/devices',
    pairs: [['seensince', '5min']],
    check: (b) => expect(b.map((d: any) => d.did).sort((x: number, y: number) => x - y)).toEqual([1, 2, 3, 1562, 1733]),
  },
];

describe('routes', () => {
  it.each(rows)('$name', async ({ path, pairs, status = 200, check }) => {
    const res = await call(handle.sim, 'GET', path, { atMs: T, ...(pairs ? { pairs } : {}) });
    expect(res.status).toBe(status);
    check(res.json());
  });

  it('POST /advancedsearch/api/search with a hash pages with size and offset', async () => {
    const hash = b64({ search: '@fields.source_ip:(10.0.0.5) OR @fields.dest_ip:(10.0.0.5)', fields: [], ...window(10), size: 2, offset: 1 });
    const res = await call(handle.sim, 'POST', '/advancedsearch/api/search', { atMs: T, json: { hash } });
    const body = res.json() as any;
    expect([res.status, body.hits.total, body.hits.hits.length, body.kibana.per_page]).toEqual([200, 4, 2, 2]);
    expect(body.hits.hits.map((h: any) => h._source['@fields'].uid)).toEqual(['C5e6f7g8h9i0j1k2l3', 'C4d5e6f7g8h9i0j1k2']);
  });
});
