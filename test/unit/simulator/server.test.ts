import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { startSimulator } from '../../../src/simulator/server.js';
import { withSimulator } from '../../helpers/start-simulator.js';
import { shuffled } from '../../../src/simulator/prng.js';
import { call } from './signed-request.js';

const T = Date.parse('2026-03-01T12:00:00Z');
const MIN = 60_000;
const READ_ONLY = { publicToken: 'ro-public', privateToken: 'ro-private', permissions: 'read-only' as const };
const clock = fixedClock(T);
const handle = withSimulator(
  () => ({ clock, tokens: [{ publicToken: 'simulator-public-token', privateToken: 'simulator-private-token' }, READ_ONLY] }),
  'each',
);

describe('authentication and appliance errors (darktrace-api.md §1.5, §2)', () => {
  it.each([
    { name: 'missing headers', o: { omitHeaders: true }, want: 'API SIGNATURE ERROR' },
    { name: 'unknown public token', o: { token: { publicToken: 'nobody', privateToken: 'x' } }, want: 'API SIGNATURE ERROR' },
    { name: 'wrong private token', o: { token: { publicToken: 'simulator-public-token', privateToken: 'wrong' } }, want: 'API SIGNATURE ERROR' },
    { name: 'signed string differs from the query', o: { signed: '/similardevices?did=2&count=2' }, want: 'API SIGNATURE ERROR' },
    { name: 'signed bare path only', o: { signed: '/similardevices' }, want: 'API SIGNATURE ERROR' },
    { name: 'date 45 min behind', o: { atMs: T - 45 * MIN }, want: 'API DATE ERROR' },
    { name: 'date 31 min ahead', o: { atMs: T + 31 * MIN }, want: 'API DATE ERROR' },
  ])('$name -> 400 $want', async ({ o, want }) => {
    const res = await call(handle.sim, 'GET', '/similardevices', {
      atMs: T,
      pairs: [
        ['did', '1'],
        ['count', '2'],
      ],
      ...o,
    });
    expect([res.status, res.json()]).toEqual([400, { error: want }]);
    expect(res.headers['date']).toBe('Sun, 01 Mar 2026 12:00:00 GMT');
    expect(handle.sim.requests.at(-1)?.status).toBe(400);
  });

  it('accepts a date 29 minutes off', async () => {
    expect((await call(handle.sim, 'GET', '/status', { atMs: T - 29 * MIN })).status).toBe(200);
  });

  it('shows the appliance time in the Date header when the appliance clock is skewed', async () => {
    handle.sim.setSkew(45 * MIN);
    const res = await call(handle.sim, 'GET', '/status', { atMs: T });
    expect([res.status, res.json(), res.headers['date']]).toEqual([400, { error: 'API DATE ERROR' }, 'Sun, 01 Mar 2026 12:45:00 GMT']);
    expect((await call(handle.sim, 'GET', '/status', { atMs: T + 45 * MIN })).status).toBe(200);
  });

  it('answers a valid HMAC on an unknown route with 302 to /login', async () => {
    const res = await call(handle.sim, 'GET', '/no/such/endpoint', { atMs: T });
    expect([res.status, res.headers['location'], res.text]).toEqual([302, '/login', 'Found. Redirecting to /login']);
  });

  it('answers a POST with a read-only token with 302 to /403, and lets it read', async () => {
    const post = await call(handle.sim, 'POST', '/tags/entities', {
      atMs: T,
      token: READ_ONLY,
      form: [
        ['did', '1'],
        ['tag', 'Admin'],
      ],
    });
    expect([post.status, post.headers['location'], post.text]).toEqual([302, '/403', 'Found. Redirecting to /403']);
    expect((await call(handle.sim, 'GET', '/status', { atMs: T, token: READ_ONLY })).status).toBe(200);
  });

  it('records requests without headers', async () => {
    await call(handle.sim, 'POST', '/modelbreaches/30951/comments', { atMs: T, json: { message: 'hi' } });
    expect(handle.sim.requests).toEqual([
      {
        method: 'POST',
        path: '/modelbreaches/30951/comments',
        rawQuery: '',
        query: [],
        body: '{"message":"hi"}',
        contentType: 'application/json',
        status: 200,
      },
    ]);
    expect(JSON.stringify(handle.sim.requests)).not.toContain('simulator-private-token');
  });
});

describe('fault queue', () => {
  it('answers 503 twice, then normally', async () => {
    handle.sim.faults.push({ kind: 'status', status: 503, headers: { 'retry-after': '2' } }, 2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(handle.sim, 'GET', '/status', { atMs: T })).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(handle.sim.faults.pending).toBe(0);
  });

  it('applies faults only after authentication passes', async () => {
    handle.sim.faults.push({ kind: 'status', status: 500 });
    expect((await call(handle.sim, 'GET', '/status', { atMs: T, signature: 'f'.repeat(40) })).status).toBe(400);
    expect(handle.sim.faults.pending).toBe(1);
  });

  it.each([
    { name: 'malformed', fault: { kind: 'malformed' as const }, type: 'application/json; charset=utf-8', parses: false },
    { name: 'html-login', fault: { kind: 'html-login' as const }, type: 'text/html; charset=utf-8', parses: false },
    {
      name: 'status 429 with retry-after',
      fault: { kind: 'status' as const, status: 429, body: '{"error":"Too Many Requests"}', headers: { 'retry-after': '7' } },
      type: 'application/json; charset=utf-8',
      parses: true,
    },
  ])('$name', async ({ fault, type, parses }) => {
    handle.sim.faults.push(fault);
    const res = await call(handle.sim, 'GET', '/status', { atMs: T });
    expect(res.headers['content-type']).toBe(type);
    const parsed = (() => {
      try {
        JSON.parse(res.text);
        return true;
      } catch {
        return false;
      }
    })();
    expect(parsed).toBe(parses);
    if (fault.kind === 'html-login') expect(res.text).toContain('<title>Log In | Darktrace</title>');
    if (fault.kind === 'status') expect([res.status, res.headers['retry-after']]).toEqual([429, '7']);
  });

  it('resets the socket', async () => {
    handle.sim.faults.push({ kind: 'reset' });
    await expect(call(handle.sim, 'GET', '/status', { atMs: T })).rejects.toMatchObject({ code: expect.stringMatching(/UND_ERR_SOCKET|ECONNRESET/) });
    expect(handle.sim.requests.at(-1)?.status).toBe(0);
  });

  it('delays then answers normally', async () => {
    handle.sim.faults.push({ kind: 'delay', ms: 50 });
    const res = await call(handle.sim, 'GET', '/status', { atMs: T });
    expect(res.status).toBe(200);
  });

  it('closes without waiting for a long delay', async () => {
    const sim = await startSimulator({ clock });
    sim.faults.push({ kind: 'delay', ms: 600_000 });
    const pending = call(sim, 'GET', '/status', { atMs: T }).catch((e: { code?: string }) => e.code);
    await new Promise<void>((r) => setImmediate(r));
    while (sim.requests.length === 0) await new Promise<void>((r) => setImmediate(r));
    await sim.close();
    expect(await pending).toBe('UND_ERR_SOCKET');
  });
});

describe('TLS', () => {
  it('serves https with the loopback certificate', async () => {
    const sim = await startSimulator({ clock, tls: true });
    try {
      const res = await call(sim, 'GET', '/status', { atMs: T });
      expect([sim.url.startsWith('https://127.0.0.1:'), res.status, (res.json() as { hostname: string }).hostname]).toEqual([true, 200, 'dt-master']);
    } finally {
      await sim.close();
    }
  });
});

describe('reverse-proxy prefix', () => {
  it('strips basePath before verifying (vector path_prefix_not_signed)', async () => {
    const sim = await startSimulator({ clock, basePath: '/darktrace' });
    try {
      const ok = await call({ ...sim, url: `${sim.url}/darktrace` }, 'GET', '/modelbreaches', { atMs: T, pairs: [['pbid', '30951']] });
      expect([ok.status, (ok.json() as { pbid: number }).pbid]).toEqual([200, 30951]);
      expect((await call(sim, 'GET', '/status', { atMs: T })).status).toBe(404);
    } finally {
      await sim.close();
    }
  });
});

describe('state round trips', () => {
  it('tags a device and shows the tag in both GET forms', async () => {
    const post = await call(handle.sim, 'POST', '/tags/entities', {
      atMs: T,
      form: [
        ['did', '1428'],
        ['tag', 'Re-Activated Device'],
        ['duration', '3600'],
      ],
    });
    expect([post.status, post.json()]).toEqual([200, { tid: 15 }]);
    const byDid = (await call(handle.sim, 'GET', '/tags/entities', { atMs: T, pairs: [['did', '1428']] })).json() as Array<{ name: string }>;
    expect(byDid.map((t) => t.name)).toEqual(['Active Threat', 'Re-Activated Device']);
    const byTag = (
      await call(handle.sim, 'GET', '/tags/entities', {
        atMs: T,
        pairs: [
          ['tag', 'Re-Activated Device'],
          ['fulldevicedetails', 'true'],
        ],
      })
    ).json() as { devices: Array<{ did: number }> };
    expect(byTag.devices.map((d) => d.did).sort()).toEqual([1428, 823]);
    expect(handle.sim.state.tagEntities.at(-1)).toMatchObject({ tid: 15, entityValue: '1428', expiry: T + 3_600_000 });
  });

  it('refuses a tag that does not exist', async () => {
    const res = await call(handle.sim, 'POST', '/tags/entities', {
      atMs: T,
      form: [
        ['did', '1428'],
        ['tag', 'No Such Tag'],
      ],
    });
    expect([res.status, res.json()]).toEqual([400, { error: 'INPUT ERROR', message: 'Tag No Such Tag does not exist' }]);
  });

  it('adds to the watched list and reads it back', async () => {
    const post = await call(handle.sim, 'POST', '/intelfeed', {
      atMs: T,
      json: { addlist: 'bad.example,203.0.113.9\nevil-c2.example', description: 'added by SOAR', source: 'ThreatIntel' },
    });
    expect(post.json()).toEqual({ added: 2, updated: 1, response: 'SUCCESS' });
    const full = (
      await call(handle.sim, 'GET', '/intelfeed', {
        atMs: T,
        pairs: [
          ['source', 'ThreatIntel'],
          ['fulldetails', 'true'],
        ],
      })
    ).json() as Array<{ name: string; description: string }>;
    expect(full.map((e) => [e.name, e.description])).toEqual([
      ['evil-c2.example', 'added by SOAR'],
      ['bad.example', 'added by SOAR'],
      ['203.0.113.9', 'added by SOAR'],
    ]);
  });

  it('acknowledges, comments and unacknowledges a breach', async () => {
    const ack = await call(handle.sim, 'POST', '/modelbreaches/30952/acknowledge', { atMs: T, json: { acknowledge: 'true' } });
    const again = await call(handle.sim, 'POST', '/modelbreaches/30952/acknowledge', { atMs: T, form: [['acknowledge', 'true']] });
    expect([ack.json(), again.json(), handle.sim.state.breaches.find((b) => b.pbid === 30952)?.acknowledged]).toEqual([
      { response: 'SUCCESS' },
      { response: 'SUCCESS' },
      true,
    ]);
    const comment = await call(handle.sim, 'POST', '/modelbreaches/30952/comments', { atMs: T, json: { message: 'Überprüfung ✓' } });
    expect(comment.json()).toEqual({ response: 'SUCCESS' });
    const list = (await call(handle.sim, 'GET', '/modelbreaches/30952/comments', { atMs: T })).json();
    expect(list).toEqual([
      { time: T, pbid: 30952, username: 'api-user', message: 'Überprüfung ✓', pid: 185, name: 'Compromise::Beaconing Activity To External Rare' },
    ]);
    const breach = (await call(handle.sim, 'GET', '/modelbreaches', { atMs: T, pairs: [['pbid', '30952']] })).json() as {
      commentCount: number;
      acknowledged: boolean;
    };
    expect([breach.commentCount, breach.acknowledged]).toEqual([1, true]);
    await call(handle.sim, 'POST', '/modelbreaches/30952/unacknowledge', { atMs: T, json: { unacknowledge: 'true' } });
    expect(handle.sim.state.breaches.find((b) => b.pbid === 30952)?.acknowledged).toBe(false);
  });

  it('answers 404 when acknowledging an unknown breach', async () => {
    const res = await call(handle.sim, 'POST', '/modelbreaches/1/acknowledge', { atMs: T, json: { acknowledge: 'true' } });
    expect([res.status, res.json()]).toEqual([404, { error: 'Model breach 1 not found' }]);
  });
});

describe('GET /modelbreaches filters', () => {
  const H = 3_600_000;
  const pbids = async (pairs: Array<[string, string]>) =>
    ((await call(handle.sim, 'GET', '/modelbreaches', { atMs: T, pairs })).json() as Array<{ pbid: number }>).map((b) => b.pbid).sort();

  it.each([
    { name: 'no window excludes acknowledged', pairs: [], want: [30951, 30952, 30953, 30954, 30955, 30956, 30957, 30959, 30960] },
    {
      name: 'creationtime=true, inclusive single ms',
      pairs: [
        ['starttime', String(T - 3 * H)],
        ['endtime', String(T - 3 * H)],
        ['creationtime', 'true'],
      ],
      want: [30959, 30960],
    },
    {
      name: 'same window on time',
      pairs: [
        ['starttime', String(T - 3 * H)],
        ['endtime', String(T - 3 * H)],
      ],
      want: [],
    },
    {
      name: 'time window holds the late breach',
      pairs: [
        ['starttime', String(T - 6 * H)],
        ['endtime', String(T - 6 * H)],
        ['creationtime', 'false'],
      ],
      want: [30956, 30959],
    },
    { name: 'minscore inclusive', pairs: [['minscore', '0.87']], want: [30951, 30952] },
    {
      name: 'minscore with acknowledged',
      pairs: [
        ['minscore', '0.9'],
        ['includeacknowledged', 'true'],
      ],
      want: [30952, 30958],
    },
    { name: 'by device', pairs: [['did', '1428']], want: [30951, 30952] },
    { name: 'by model pid', pairs: [['pid', '72']], want: [30951, 30960] },
    {
      name: 'by uuid',
      pairs: [
        ['uuid', 'f2a3b4c5-0250-4c77-8e88-000000000250'],
        ['includeacknowledged', 'true'],
      ],
      want: [30958],
    },
  ] as Array<{ name: string; pairs: Array<[string, string]>; want: number[] }>)('$name', async ({ pairs, want }) => {
    expect(await pbids(pairs)).toEqual(want);
  });

  it('answers in a deterministic shuffled order', async () => {
    const order = async () => ((await call(handle.sim, 'GET', '/modelbreaches', { atMs: T })).json() as Array<{ pbid: number }>).map((b) => b.pbid);
    const first = await order();
    const stored = handle.sim.state.breaches.filter((b) => !b.acknowledged).map((b) => b.pbid);
    expect(first).toEqual(shuffled(stored, 1));
    expect(first).not.toEqual([...first].sort());
    expect(await order()).toEqual(first);
  });

  it('serves breaches pushed into the live state', async () => {
    const [template] = handle.sim.state.breaches;
    handle.sim.state.breaches.push({ ...structuredClone(template!), pbid: 40000, creationTime: T - 1000, time: T - 2000 });
    expect(
      await pbids([
        ['starttime', String(T - 1000)],
        ['endtime', String(T)],
        ['creationtime', 'true'],
      ]),
    ).toEqual([40000]);
  });

  it('applies presentation parameters', async () => {
    const b = (
      await call(handle.sim, 'GET', '/modelbreaches', {
        atMs: T,
        pairs: [
          ['pbid', '30951'],
          ['deviceattop', 'false'],
          ['includebreachurl', 'true'],
        ],
      })
    ).json() as Record<string, any>;
    expect(['device' in b, b.triggeredComponents[0].device.did, b.breachUrl]).toEqual([false, 1428, `${handle.sim.url}/#modelbreach/30951`]);
  });
});
