// The security-validation job through the real CLI against the simulator (issue #6): a host with
// matching events passes and lists them, a host with none fails, and the queries the appliance
// received are read back from the base64 path. --now makes the schedule run without waiting.
import { beforeEach, describe, expect, it } from 'vitest';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli } from '../helpers/run-cli.js';
import { withSimulator } from '../helpers/start-simulator.js';

const handle = withSimulator({ tokens: [CANARY_TOKENS] });
beforeEach(() => {
  handle.sim.requests.length = 0;
});

const SEARCH_PREFIX = '/advancedsearch/api/search/';

/** The query objects the appliance received, decoded from the base64 path segment. */
function sentSearches(): Array<{ search: string; size: number; offset: number; time: { from: string; to: string } }> {
  return handle.sim.requests
    .filter((r) => r.path.startsWith(SEARCH_PREFIX))
    .map((r) => JSON.parse(Buffer.from(decodeURIComponent(r.path.slice(SEARCH_PREFIX.length)), 'base64').toString('utf8')));
}

interface Outputs {
  verdict: string;
  path: string;
  windows: Array<{ from: string; to: string; run_at: string }>;
  events: Array<{ time: string; event_type: string; src_ip: string; dest_ip: string; matched_by: string; product: string }>;
  alerts: Array<{ time: string; description: string; event_type: string }>;
  queries: Array<{ name: string; query: string }>;
}

async function validate(
  args: readonly string[],
  params: Record<string, string | number | boolean> = {},
): Promise<{ code: number | null; out: Outputs; stderr: string }> {
  const run = await runCli(['validate', '--json', ...args], { env: instanceEnv(handle.sim.url, params) });
  return { code: run.code, out: run.stdout ? (JSON.parse(run.stdout) as Outputs) : ({} as Outputs), stderr: run.stderr };
}

const connLogs = JSON.stringify([{ name: 'Conn logs', query: '@fields.source_ip:(%IPS%) OR @fields.dest_ip:(%IPS%)' }]);

describe('validate, advanced search', () => {
  it('passes for 10.0.0.5 and lists its events, each once across the 11 overlapping windows', async () => {
    const { code, out } = await validate(['--ips', '10.0.0.5', '--start', '2026-03-01T11:55:00Z', '--now', '2026-03-01T11:55:00Z'], {
      use_advanced_search: true,
      custom_queries: connLogs,
    });
    expect(code).toBe(0);
    expect(out.verdict).toBe('pass');
    expect(out.path).toBe('advanced search');
    expect(out.windows).toHaveLength(11);
    expect(out.windows[0]).toEqual({ from: '2026-03-01T11:50:00.000Z', to: '2026-03-01T11:55:00.000Z', run_at: '2026-03-01T11:55:00.000Z' });
    // The default IP query also asks source_ip, so it finds the conn logs before the custom query does.
    expect(out.events.map((e) => `${e.time} ${e.event_type} ${e.src_ip}->${e.dest_ip} [${e.matched_by}]`).sort()).toEqual([
      '2026-03-01T11:50:59.123Z conn 10.0.0.5->203.0.113.7 [IP Query]',
      '2026-03-01T11:51:59.750Z dns 10.0.0.5->10.0.0.2 [IP Query]',
      '2026-03-01T11:52:00.500Z ssl 10.0.0.5->203.0.113.7 [IP Query]',
      '2026-03-01T11:54:59.900Z http 10.0.0.5->198.51.100.66 [IP Query]',
      '2026-03-01T11:55:00.100Z conn 10.0.0.5->198.51.100.66 [IP Query]',
      '2026-03-01T11:56:00.000Z conn 10.0.0.12->10.0.0.5 [IP Query]',
      '2026-03-01T11:59:00.000Z conn 10.0.0.5->10.0.0.2 [IP Query]',
    ]);
    // discover_devices (default true): the device of 10.0.0.5 is a Laptop by Apple.
    expect(new Set(out.events.filter((e) => e.src_ip === '10.0.0.5').map((e) => e.product))).toEqual(new Set(['Laptop (Apple, Inc.)']));
  });

  it('the default IP query finds events stored under source_ip: a host that only starts the traffic passes', async () => {
    // The simulator stores 10.0.0.5's conn logs under @fields.source_ip; seed 001's query alone
    // (src_ip/dest_ip) found none of those where 10.0.0.5 started the connection.
    const { code, out } = await validate(['--ips', '10.0.0.5', '--start', '2026-03-01T11:55:00Z', '--now', '2026-03-01T11:55:00Z'], {
      use_advanced_search: true,
    });
    expect(code).toBe(0);
    expect(out.verdict).toBe('pass');
    const conn = out.events.filter((e) => e.event_type === 'conn' && e.src_ip === '10.0.0.5');
    expect(conn.map((e) => `${e.time} ${e.matched_by}`).sort()).toEqual([
      '2026-03-01T11:50:59.123Z IP Query',
      '2026-03-01T11:55:00.100Z IP Query',
      '2026-03-01T11:59:00.000Z IP Query',
    ]);
  });

  it('shows the query sent to the appliance: values quoted, window in ISO, one request per query and window', async () => {
    await validate(['--ips', '10.0.0.5', '--hostnames', 'laptop-5.corp.example', '--start', '2026-03-01T11:55:00Z', '--now', '2026-03-01T11:55:00Z'], {
      use_advanced_search: true,
    });
    const sent = sentSearches();
    expect(sent).toHaveLength(22);
    expect(sent[0]).toMatchObject({
      search: '@fields.src_ip:("10.0.0.5") OR @fields.dest_ip:("10.0.0.5") OR @fields.source_ip:("10.0.0.5")',
      offset: 0,
      size: 10000,
      timeframe: 'custom',
      time: { from: '2026-03-01T11:50:00.000Z', to: '2026-03-01T11:55:00.000Z', user_interval: 0 },
    });
    expect(sent[1]?.search).toBe('@fields.host:("laptop-5.corp.example")');
    expect(sent.at(-1)?.time).toMatchObject({ from: '2026-03-01T11:55:00.000Z', to: '2026-03-01T12:00:00.000Z' });
  });

  it('a hostile host name is refused before anything is searched (exit 2)', async () => {
    const run = await runCli(['validate', '--hostnames', 'x") OR @fields.host:*', '--start', '2026-03-01T11:55:00Z', '--now', '2026-03-01T12:10:00Z'], {
      env: instanceEnv(handle.sim.url, { use_advanced_search: true }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('argument hostnames of validate');
    expect(run.stderr).toContain('[DT_ARG_INVALID]');
    expect(sentSearches()).toEqual([]);
  });
});

describe('validate, legacy devices and details', () => {
  it('passes for 10.0.0.5 at 02:00 with its three events and its model breach as an alert', async () => {
    const { code, out } = await validate(['--ips', '10.0.0.5', '--start', '2026-03-01T02:00:00Z', '--now', '2026-03-01T02:00:00Z']);
    expect(code).toBe(0);
    expect(out.verdict).toBe('pass');
    expect(out.path).toBe('devices and details');
    expect(out.events.map((e) => `${e.time} ${e.event_type}`).sort()).toEqual([
      '2026-03-01T02:00:05.000Z connection',
      '2026-03-01T02:01:05.000Z connection',
      '2026-03-01T02:02:05.000Z unusualconnection',
    ]);
    expect(out.alerts).toEqual([
      expect.objectContaining({ time: '2026-03-01T02:00:00.000Z', event_type: 'alert', description: 'Compromise::Beaconing Activity To External Rare' }),
    ]);
    const paths = handle.sim.requests.map((r) => `${r.path}?${r.rawQuery}`);
    expect(paths.filter((p) => p.startsWith('/devices'))).toEqual(['/devices?ip=10.0.0.5']);
    expect(paths.filter((p) => p.startsWith('/details'))).toHaveLength(11);
    expect(paths.filter((p) => p.startsWith('/details'))[0]).toBe(
      `/details?did=1428&starttime=${Date.parse('2026-03-01T01:55:00Z')}&endtime=${Date.parse('2026-03-01T02:00:00Z')}`,
    );
  });

  it('fails for a host with no events (the printer 10.0.0.31), in markdown', async () => {
    const run = await runCli(['validate', '--ips', '10.0.0.31', '--start', '2026-03-01T11:55:00Z', '--now', '2026-03-01T11:55:00Z'], {
      env: instanceEnv(handle.sim.url),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('### Security validation: FAIL');
    expect(run.stdout).toContain('| Events | 0 |');
    expect(run.stdout).toContain('### Matched events\n**No entries.**');
  });

  it('with a delay of 10 minutes the job runs the same windows, the first at action + 10 minutes', async () => {
    const { out } = await validate(['--ips', '10.0.0.5', '--start', '2026-03-01T02:00:00Z', '--now', '2026-03-01T02:00:00Z', '--delay-time', '10']);
    expect(out.windows[0]).toEqual({ from: '2026-03-01T01:55:00.000Z', to: '2026-03-01T02:00:00.000Z', run_at: '2026-03-01T02:10:00.000Z' });
    expect(out.windows.at(-1)).toEqual({ from: '2026-03-01T02:00:00.000Z', to: '2026-03-01T02:05:00.000Z', run_at: '2026-03-01T02:15:00.000Z' });
    expect(out.verdict).toBe('pass');
  });
});

describe('war-room command and test-module', () => {
  it('darktrace-validate-action runs the same job (past action: no waiting)', async () => {
    const run = await runCli(['run', '!darktrace-validate-action ips=10.0.0.31 action_time=2026-03-01T11:55:00Z query_interval=300'], {
      env: instanceEnv(handle.sim.url),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('### Security validation: FAIL');
    expect(run.stdout).toContain('| Windows | 2, 2026-03-01T11:50:00.000Z - 2026-03-01T12:00:00.000Z, first run 2026-03-01T11:55:00.000Z |');
  });

  it.each<{ name: string; params: Record<string, boolean>; want: string[] }>([
    { name: 'legacy configuration also reads devices', params: {}, want: ['/status', '/devices?seensince=7days'] },
    { name: 'advanced search: /status only', params: { use_advanced_search: true }, want: ['/status'] },
  ])('test: $name', async ({ params, want }) => {
    const run = await runCli(['test'], { env: instanceEnv(handle.sim.url, params) });
    expect(run.stdout).toBe('ok\n');
    expect(handle.sim.requests.map((r) => (r.rawQuery ? `${r.path}?${r.rawQuery}` : r.path))).toEqual(want);
  });
});
