// Every read command over the response shapes real appliances were recorded sending
// (test_data/real/, served by the simulator's real-data mode), through the compiled CLI over a real
// socket: each exits 0 and shows what it read. The simulator serves the bodies exactly as stored.
import { describe, expect, it } from 'vitest';
import { breachRecords, loadRealCases, type RealCase } from '../../src/simulator/real-data.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { readInteger } from '../../src/appliance-values.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli } from '../helpers/run-cli.js';

const CASES = loadRealCases();
const ACK_CASE = 'ack/xsoar-legacy-ack-success';

interface Answer {
  outputs: Record<string, Record<string, unknown> & { connections?: Array<Record<string, unknown>> }>;
  readable: string;
}

async function withReal<T>(cases: readonly string[], body: (sim: RunningSimulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ tokens: [{ ...CANARY_TOKENS }], data: 'real' });
  try {
    sim.real?.use(cases);
    return await body(sim);
  } finally {
    await sim.close();
  }
}

async function run(sim: RunningSimulator, line: string): Promise<Answer> {
  const result = await runCli(['run', '--json', line], { env: instanceEnv(sim.url) });
  expect(result.stderr, line).toBe('');
  expect(result.code, line).toBe(0);
  return JSON.parse(result.stdout) as Answer;
}

/** Every recorded breach record with its case and pbid (records without an integer pbid cannot be asked for). */
const BREACHES = CASES.filter((c) => c.endpoint === 'modelbreach' || c.endpoint === 'modelbreaches').flatMap((c) =>
  breachRecords(c).flatMap((record, index) => {
    const pbid = readInteger((record as { pbid?: unknown }).pbid);
    return pbid === undefined ? [] : [{ name: `${c.name}#${index}`, case: c.name, pbid, record: record as Record<string, unknown> }];
  }),
);

describe('recorded breach shapes', () => {
  it('the corpus holds the variants the issue names', () => {
    const records = BREACHES.map((b) => b.record);
    expect(records.some((r) => typeof r['acknowledged'] === 'object' && r['acknowledged'] !== null)).toBe(true);
    expect(records.some((r) => (r['device'] as { did?: unknown } | undefined)?.did === -1)).toBe(true);
    expect(records.some((r) => typeof r['score'] === 'string')).toBe(true);
    expect(records.some((r) => r['device'] !== undefined && !('did' in (r['device'] as object)))).toBe(true);
    expect(BREACHES.length).toBeGreaterThanOrEqual(20);
  });

  it.concurrent.each(BREACHES)('$name: get-model-breach exits 0 and reads the breach', async ({ case: name, pbid, record }) => {
    await withReal([name], async (sim) => {
      const answer = await run(sim, `!darktrace-get-model-breach pbid=${pbid}`);
      const context = answer.outputs['Darktrace.ModelBreach']!;
      expect(context['pbid']).toBe(pbid);
      expect(answer.readable).toContain(`### Darktrace Model Breach ${pbid}`);
      const ack = record['acknowledged'];
      if (typeof ack === 'object' && ack !== null) {
        expect(context['acknowledged']).toBe(true);
        expect(context['acknowledgedBy']).toBe((ack as { username?: string }).username);
      }
      if ((record['device'] as { did?: unknown } | undefined)?.did === -1) {
        expect(context['system']).toBe(true);
        expect(answer.readable).toContain('| device did | System |');
      }
      const score = context['score'];
      if (score !== undefined) expect(score).toBeLessThanOrEqual(1);
    });
  });

  it.concurrent.each(BREACHES)('$name: acknowledge and unacknowledge exit 0', async ({ case: name, pbid }) => {
    await withReal([name, ACK_CASE], async (sim) => {
      for (const command of ['darktrace-acknowledge-model-breach', 'darktrace-unacknowledge-model-breach']) {
        const answer = await run(sim, `!${command} pbid=${pbid}`);
        const acknowledged = command === 'darktrace-acknowledge-model-breach';
        expect(answer.outputs['Darktrace.ModelBreach']).toEqual({
          pbid,
          acknowledged,
          response: `Successfully ${acknowledged ? 'acknowledged' : 'unacknowledged'}.`,
        });
      }
    });
  });
});

describe('acknowledged as {time, username}', () => {
  const historic = 'modelbreach/elastic-historic-ack-object';

  it('get-model-breach shows who acknowledged it and when, in context and markdown', async () => {
    await withReal([historic], async (sim) => {
      const answer = await run(sim, '!darktrace-get-model-breach pbid=5');
      const context = answer.outputs['Darktrace.ModelBreach']!;
      expect(context).toMatchObject({ pbid: 5, acknowledged: true, system: true, acknowledgedBy: expect.any(String) as unknown });
      expect(context['acknowledgedTime']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(answer.readable).toContain(`| acknowledged by | ${String(context['acknowledgedBy'])} |`);
      expect(answer.readable).toContain(`| acknowledged at | ${String(context['acknowledgedTime'])} |`);
      expect(answer.readable).not.toContain('device -1');
    });
  });

  it('acknowledging it again succeeds when the appliance does not confirm: the object means acknowledged', async () => {
    await withReal([historic], async (sim) => {
      sim.faults.push({ kind: 'status', status: 200, body: '{"response":"ALREADY ACKNOWLEDGED"}' });
      const answer = await run(sim, '!darktrace-acknowledge-model-breach pbid=5');
      expect(answer.readable).toContain('### Model breach 5 was already acknowledged');
      expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /modelbreaches/5/acknowledge', 'GET /modelbreaches/5']);
    });
  });
});

function requestPbid(c: RealCase): number {
  return Number(/pbid=(\d+)/.exec(c.request)?.[1] ?? /\/modelbreaches\/(\d+)\//.exec(c.request)?.[1] ?? 1);
}

describe('recorded comments', () => {
  const comments = CASES.filter((c) => c.endpoint === 'comments');
  it.concurrent.each(comments)('$name: every comment is read', async (c) => {
    await withReal([c.name], async (sim) => {
      const pbid = requestPbid(c);
      const answer = await run(sim, `!darktrace-get-model-breach-comments pbid=${pbid}`);
      const rows = answer.outputs['Darktrace.ModelBreachComment'] as unknown as Array<Record<string, unknown>>;
      expect(rows).toHaveLength((c.body as unknown[]).length);
      expect(rows.every((r) => typeof r['message'] === 'string' && /Z$/.test(String(r['time'])))).toBe(true);
      expect(answer.readable).not.toContain('could not be read');
    });
  });
});

describe('recorded /details answers', () => {
  const details = CASES.filter((c) => c.endpoint === 'details');

  it.concurrent.each(details)('$name: breach connections exit 0', async (c) => {
    await withReal([c.name], async (sim) => {
      const pbid = requestPbid(c);
      const answer = await run(sim, `!darktrace-get-model-breach-connections pbid=${pbid} count=50`);
      const { connections } = answer.outputs['Darktrace.ModelBreach']!;
      const body = c.body as Array<Record<string, unknown>>;
      const expected = body[0]?.['eventType'] === 'policybreach' ? body.length - 1 : body.length;
      expect(connections).toHaveLength(expected);
    });
  });

  it('connections keep the looked-up name, the bytes and the peer (XSOAR DarktraceMBs recording)', async () => {
    await withReal(['details/xsoar-mbs-pbid-breach-record-first'], async (sim) => {
      const answer = await run(sim, '!darktrace-get-model-breach-connections pbid=30859 count=10');
      const [first] = answer.outputs['Darktrace.ModelBreach']!.connections!;
      const recorded = (CASES.find((c) => c.name === 'details/xsoar-mbs-pbid-breach-record-first')!.body as Array<Record<string, unknown>>)[1]!;
      expect(first).toMatchObject({
        dnsHostname: (recorded['dns'] as { hostname: string }).hostname,
        bytesIn: recorded['totalbytesin'],
        bytesOut: recorded['totalbytesout'],
        peerDid: recorded['ddid'],
      });
      expect(answer.readable).toContain('| dnsHostname | bytesIn | bytesOut |');
      expect(answer.readable).toContain(
        `| ${(recorded['dns'] as { hostname: string }).hostname} | ${String(recorded['totalbytesin'])} | ${String(recorded['totalbytesout'])} |`,
      );
    });
  });

  it('external peers with null device ids are read, not refused', async () => {
    await withReal(['details/reference-pbid-null-peer-dids'], async (sim) => {
      const answer = await run(sim, '!darktrace-get-model-breach-connections pbid=30859 count=10');
      const connections = answer.outputs['Darktrace.ModelBreach']!.connections!;
      expect(connections).toHaveLength(2);
      expect(connections.some((c) => !('ddid' in c) && 'sdid' in c)).toBe(true);
      expect(connections.some((c) => !('sdid' in c) && 'ddid' in c)).toBe(true);
    });
  });

  it.concurrent.each(details)('$name: get-device-events exits 0 with every readable record', async (c) => {
    await withReal([c.name, 'devices/ibm-single-object-string-booleans'], async (sim) => {
      const device = CASES.find((x) => x.name === 'devices/ibm-single-object-string-booleans')!.body as { did: number };
      const answer = await run(sim, `!darktrace-get-device-events did=${device.did} start=2000-01-01T00:00:00Z end=2099-01-01T00:00:00Z`);
      const events = answer.outputs['Darktrace.Event'] as unknown as unknown[] | undefined;
      expect(events?.length ?? 0).toBe((c.body as unknown[]).length);
    });
  });
});

/** The other read commands, each over every recorded answer of the endpoint it reads. */
const OTHER_READS: ReadonlyArray<{ folder: string; line: (c: RealCase) => string; check: (a: Answer, c: RealCase) => void }> = [
  {
    folder: 'similardevices',
    line: () => '!darktrace-get-similar-devices did=823 max_results=5',
    check: (a, c) => expect((a.outputs['Darktrace.SimilarDevices'] as { devices: unknown[] }).devices).toHaveLength((c.body as unknown[]).length),
  },
  {
    folder: 'devices',
    line: () => '!darktrace-get-devices ip=10.0.0.5',
    check: (a) => expect(Object.keys(a.outputs)).toEqual(['Darktrace.Device']),
  },
  {
    folder: 'tags-entities',
    line: (c) => (c.request.includes('did=') ? '!darktrace-get-tags-for-device deviceId=1' : '!darktrace-get-tagged-devices tagName=Admin'),
    check: (a) => expect(Object.keys(a.outputs)).toEqual(['Darktrace.Device']),
  },
  {
    folder: 'deviceinfo',
    line: () => '!darktrace-get-device-connection-info did=1 data_type=co',
    check: (a) => expect(a.readable).toContain('total connections'),
  },
  {
    folder: 'endpointdetails',
    line: () => '!darktrace-get-external-endpoint-details endpoint_type=hostname endpoint_value=test.example.com',
    check: (a) => expect(a.readable).toContain('test.example.com'),
  },
  {
    folder: 'models',
    line: () => '!darktrace-get-model uuid=80010119-6d7f-0000-0305-5e0000000325',
    check: (a) => expect((a.outputs['Darktrace.Model'] as Record<string, unknown>)['uuid']).toBe('80010119-6d7f-0000-0305-5e0000000325'),
  },
  {
    folder: 'advancedsearch-analyze',
    line: () =>
      '!darktrace-run-advanced-search-analysis initialDate=2026-03-01 initialTime=11:00:00 endDate=2026-03-01 endTime=12:00:00 query="@type:conn" operation=score metric=@fields.source_ip',
    check: (a, c) => expect(a.outputs['Darktrace.AdvancedSearch']).toHaveLength((c.body as { hits: { hits: unknown[] } }).hits.hits.length),
  },
  {
    folder: 'advancedsearch-search',
    line: () => '!darktrace-search-events ips=10.0.0.5 start=2026-03-01T11:50:00Z end=2026-03-01T12:00:00Z query="@type:conn"',
    check: (a, c) =>
      expect((a.outputs['Darktrace.Event'] as unknown[] | undefined)?.length ?? 0).toBe((c.body as { hits: { hits: unknown[] } }).hits.hits.length),
  },
];

describe('the other read commands over recorded answers', () => {
  const rows = OTHER_READS.flatMap((r) => CASES.filter((c) => c.endpoint === r.folder).map((c) => ({ ...r, name: c.name, c })));
  it.concurrent.each(rows)('$name', async ({ c, line, check }) => {
    await withReal([c.name], async (sim) => {
      const answer = await run(sim, line(c));
      check(answer, c);
    });
  });
});

describe('a record that cannot be read', () => {
  it('is named under the table; the others are shown and the command exits 0', async () => {
    const recorded = CASES.find((c) => c.name === 'comments/xsoar-mbs-breach-comments')!;
    const body = [...(recorded.body as unknown[]), 'not a comment'];
    const sim = await startSimulator({ tokens: [{ ...CANARY_TOKENS }], data: 'real' });
    try {
      sim.real!.serve([{ ...recorded, name: 'comments/with-garbage', body }]);
      const answer = await run(sim, '!darktrace-get-model-breach-comments pbid=2507');
      expect(answer.outputs['Darktrace.ModelBreachComment']).toHaveLength(body.length - 1);
      expect(answer.readable).toContain(`1 record could not be read (kept in the raw answer): #${body.length} (root): `);
    } finally {
      await sim.close();
    }
  });
});

describe('legacy-path validation over recorded /details answers', () => {
  it('external peers with null device ids are events, not a failed job', async () => {
    await withReal(['devices/ibm-single-object-string-booleans', 'details/reference-pbid-null-peer-dids'], async (sim) => {
      // The recorded connections are at 2023-01-20T17:36:04Z; /details answers the same records for every window.
      const result = await runCli(['validate', '--json', '--ips', '192.168.1.6', '--start', '2023-01-20T17:36:00Z', '--now', '2023-01-20T17:36:00Z'], {
        env: instanceEnv(sim.url),
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const out = JSON.parse(result.stdout) as { verdict: string; path: string; events: Array<{ src_ip: string; dest_ip: string; event_type: string }> };
      expect(out.path).toBe('devices and details');
      expect(out.verdict).toBe('pass');
      expect(out.events.map((e) => `${e.event_type} ${e.src_ip}->${e.dest_ip}`).sort()).toEqual([
        'connection 192.168.1.6->203.0.113.80',
        'connection 198.51.100.200->192.168.1.6',
      ]);
    });
  });
});

describe('write answers as recorded', () => {
  const breach = 'modelbreaches/xsoar-mbs-newest-first-trimmed';
  const acks = CASES.filter((c) => c.endpoint === 'ack' && c.request.includes('/modelbreaches/'));
  const comments = CASES.filter((c) => c.endpoint === 'post-comment');

  it('the corpus holds both acknowledge forms and both comment forms', () => {
    expect(acks.some((c) => Array.isArray(c.body))).toBe(true);
    expect(comments.some((c) => Array.isArray(c.body))).toBe(true);
    expect(comments.some((c) => !Array.isArray(c.body))).toBe(true);
  });

  it.concurrent.each(acks)('$name: acknowledge exits 0', async (c) => {
    await withReal([breach, c.name], async (sim) => {
      const answer = await run(sim, '!darktrace-acknowledge-model-breach pbid=30960');
      expect(answer.outputs['Darktrace.ModelBreach']).toEqual({ pbid: 30960, acknowledged: true, response: 'Successfully acknowledged.' });
    });
  });

  it.concurrent.each(comments)('$name: post-comment exits 0', async (c) => {
    await withReal([breach, c.name], async (sim) => {
      const answer = await run(sim, '!darktrace-post-comment-to-model-breach pbid=30960 message="Test comment post"');
      expect(answer.outputs['Darktrace.ModelBreachComment']).toEqual({ pbid: 30960, message: 'Test comment post' });
    });
  });
});
