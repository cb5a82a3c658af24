// Issue #15, "drop-in for XSOAR playbooks": every Admin command run with the seed's argument names
// (a war-room line) and with the names of XSOAR's DarktraceAdmin YAML (test_data/xsoar/
// DarktraceAdmin.json), typed in a war room and handed over by a platform through `exec` with
// XSOAR's parameter names and list values, must send the same requests to the simulator (method,
// path, raw query, body) and give the same context and markdown. Each run gets a fresh simulator,
// so that the writes (tags, watched list) meet the same appliance state.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSimulator, type RecordedRequest } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli } from '../helpers/run-cli.js';

type ExecArgs = Record<string, string | string[]>;

interface Row {
  readonly command: string;
  /** The seed's names, as a war-room line. */
  readonly seed: string;
  /** XSOAR DarktraceAdmin's names, as a war-room line. */
  readonly xsoarLine: string;
  /** XSOAR DarktraceAdmin's names as a platform sends them: lists where its YAML says isArray. */
  readonly xsoarExec: ExecArgs;
  /** Part of the first request's path, raw query or body, proving the values reached the appliance. */
  readonly sends: string;
}

const ROWS: Row[] = [
  {
    command: 'darktrace-get-similar-devices',
    seed: 'did=1 max_results=2',
    xsoarLine: 'deviceId=1 maxResults=2',
    xsoarExec: { deviceId: '1', maxResults: '2' },
    sends: 'did=1&count=2',
  },
  {
    command: 'darktrace-get-external-endpoint-details',
    seed: 'endpoint_type=hostname endpoint_value=cats.com additional_info=true devices=true score=true',
    xsoarLine: 'endpointType=hostname endpointValue=cats.com additionalInfo=true devices=true score=true',
    xsoarExec: { endpointType: ['hostname'], endpointValue: 'cats.com', additionalInfo: ['true'], devices: ['true'], score: 'true' },
    sends: 'hostname=cats.com',
  },
  {
    command: 'darktrace-get-device-connection-info',
    seed: 'did=1 data_type=sizeout external_domain=cdn-7.example.net destination_did=2 show_all_graph_data=false num_similar_devices=1 full_device_details=true',
    xsoarLine:
      'deviceId=1 dataType=sizeout externalDomain=cdn-7.example.net destinationDeviceId=2 showAllGraphData=false numberOfSimilarDevices=1 fullDeviceDetails=true',
    xsoarExec: {
      deviceId: '1',
      dataType: ['sizeout'],
      externalDomain: 'cdn-7.example.net',
      destinationDeviceId: '2',
      showAllGraphData: ['false'],
      numberOfSimilarDevices: '1',
      fullDeviceDetails: ['true'],
    },
    sends: 'datatype=sizeout',
  },
  {
    // XSOAR's YAML makes the times optional (00:00:00) and operation default to score: a playbook
    // that leaves them out must send what the seed's full line sends.
    command: 'darktrace-run-advanced-search-analysis',
    seed: 'initialDate=2026-03-01 initialTime=00:00:00 endDate=2026-03-02 endTime=00:00:00 query="@type:conn" operation=score metric=@fields.dest_port offset=0',
    xsoarLine: 'initialDate=2026-03-01 endDate=2026-03-02 query="@type:conn" metric=@fields.dest_port',
    xsoarExec: { initialDate: '2026-03-01', endDate: '2026-03-02', query: '@type:conn', operation: ['score'], metric: '@fields.dest_port' },
    sends: '/score/',
  },
  {
    command: 'darktrace-post-to-watched-list',
    seed: 'endpointsToWatch=evil.example,203.0.113.9 description="From incident 42"',
    xsoarLine: 'endpointsToWatch=evil.example,203.0.113.9 description="From incident 42"',
    xsoarExec: { endpointsToWatch: ['evil.example', '203.0.113.9'], description: 'From incident 42' },
    sends: 'evil.example',
  },
  { command: 'darktrace-get-tagged-devices', seed: 'tagName=Admin', xsoarLine: 'tagName=Admin', xsoarExec: { tagName: 'Admin' }, sends: 'tag=Admin' },
  { command: 'darktrace-get-tags-for-device', seed: 'deviceId=2540', xsoarLine: 'deviceId=2540', xsoarExec: { deviceId: '2540' }, sends: 'did=2540' },
  {
    command: 'darktrace-post-tag-to-device',
    seed: 'deviceId=1501 tagName="Active Threat"',
    xsoarLine: 'deviceId=1501 tagName="Active Threat"',
    xsoarExec: { deviceId: '1501', tagName: 'Active Threat' },
    sends: 'did=1501',
  },
];

interface Observed {
  readonly requests: Array<Pick<RecordedRequest, 'method' | 'path' | 'rawQuery' | 'body'>>;
  readonly outputs: unknown;
  readonly readable: string;
}

async function observe(drive: (url: string) => Promise<{ outputs: unknown; readable: string }>): Promise<Observed> {
  const sim = await startSimulator({ tokens: [{ ...CANARY_TOKENS }] });
  try {
    const answer = await drive(sim.url);
    const requests = sim.requests.map(({ method, path, rawQuery, body }) => ({ method, path, rawQuery, body }));
    return { requests, outputs: answer.outputs, readable: answer.readable.replaceAll(sim.url, 'URL') };
  } finally {
    await sim.close();
  }
}

async function warRoom(url: string, line: string): Promise<{ outputs: unknown; readable: string }> {
  const run = await runCli(['run', line, '--json'], { env: instanceEnv(url) });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { outputs: unknown; readable: string };
}

/** As a playbook platform configured like XSOAR's DarktraceAdmin: its parameter names too. */
async function execAsXsoar(url: string, command: string, args: ExecArgs): Promise<{ outputs: unknown; readable: string }> {
  const params = { url, publicApiKey: CANARY_TOKENS.publicToken, privateApiKey: CANARY_TOKENS.privateToken };
  const run = await runCli(['exec'], { input: JSON.stringify({ command, args, params }) });
  expect(run.stderr).toBe('');
  const answer = JSON.parse(run.stdout) as { ok: boolean; results: { outputs: unknown; readable: string } };
  expect(answer.ok, run.stdout).toBe(true);
  return answer.results;
}

describe("Admin commands: the seed's and XSOAR's argument names send identical requests", () => {
  it('covers every command of XSOAR DarktraceAdmin', () => {
    const admin = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../test_data/xsoar/DarktraceAdmin.json'), 'utf8')) as {
      commands: Array<{ name: string }>;
    };
    expect(ROWS.map((r) => r.command).sort()).toEqual(admin.commands.map((c) => c.name).sort());
  });

  it.concurrent.each(ROWS)(
    '$command',
    async ({ command, seed, xsoarLine, xsoarExec, sends }) => {
      const bySeed = await observe((url) => warRoom(url, `!${command} ${seed}`));
      const byXsoarLine = await observe((url) => warRoom(url, `!${command} ${xsoarLine}`));
      const byXsoarExec = await observe((url) => execAsXsoar(url, command, xsoarExec));
      const first = bySeed.requests[0];
      expect(`${first?.path ?? ''}?${first?.rawQuery ?? ''} ${first?.body ?? ''}`).toContain(sends);
      expect(byXsoarLine).toEqual(bySeed);
      expect(byXsoarExec).toEqual(bySeed);
      // Three CLI processes per row, all rows at once: a cap for a loaded machine, not a speed claim.
    },
    90_000,
  );
});

describe('a name and its alias together are refused before anything is sent', () => {
  it.each([
    { line: '!darktrace-get-similar-devices did=1 deviceId=1', text: 'argument did of darktrace-get-similar-devices: given both as did and as deviceId' },
    {
      line: '!darktrace-get-device-connection-info did=1 dataType=co data_type=co',
      text: 'argument data_type of darktrace-get-device-connection-info: given both as dataType and as data_type',
    },
  ])('$line', async ({ line, text }) => {
    const sim = await startSimulator({ tokens: [{ ...CANARY_TOKENS }] });
    try {
      const run = await runCli(['run', line], { env: instanceEnv(sim.url) });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(text);
      expect(run.stderr).toContain('[DT_ARG_INVALID]');
      expect(sim.requests).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});

describe("fetch-incidents with XSOAR's parameter names", () => {
  const fetchOnce = async (extra: Record<string, unknown>) => {
    const sim = await startSimulator({ tokens: [{ ...CANARY_TOKENS }] });
    try {
      const params = {
        url: sim.url,
        publicApiKey: CANARY_TOKENS.publicToken,
        privateApiKey: CANARY_TOKENS.privateToken,
        isFetch: true,
        first_fetch: '2026-02-28',
        ...extra,
      };
      const run = await runCli(['exec'], { input: JSON.stringify({ command: 'fetch-incidents', params }) });
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout) as { ok: boolean; incidents?: Array<Record<string, unknown>>; error?: { code: string; message: string } };
    } finally {
      await sim.close();
    }
  };

  it('max_fetch bounds the incidents and incidentType becomes each incident type', async () => {
    const answer = await fetchOnce({ max_fetch: '2', incidentType: 'Darktrace Model Breach' });
    expect(answer.ok).toBe(true);
    expect(answer.incidents?.map((i) => i['type'])).toEqual(['Darktrace Model Breach', 'Darktrace Model Breach']);
  });

  // Issue #16: model-breach incidents carry the type "Darktrace Model Breach" unless the instance
  // names another. An empty value means the default too: the parameter engine reads a blank value
  // as not given, so it cannot mean "leave type out".
  it.each([
    { name: 'without incidentType: the manifest default', extra: {}, want: 'Darktrace Model Breach' },
    { name: 'an empty incidentType: the default as well', extra: { incidentType: '' }, want: 'Darktrace Model Breach' },
    { name: 'another incidentType: that one', extra: { incidentType: 'Network Alert' }, want: 'Network Alert' },
  ])('incident type, $name', async ({ extra, want }) => {
    const answer = await fetchOnce({ max_fetch: 1, ...extra });
    expect(answer.incidents).toHaveLength(1);
    expect(answer.incidents?.[0]?.['type']).toBe(want);
  });

  it('max_fetch and max_alerts together are refused, naming both', async () => {
    const answer = await fetchOnce({ max_fetch: 2, max_alerts: 3 });
    expect(answer.ok).toBe(false);
    expect(answer.error?.code).toBe('DT_CONFIG_INVALID');
    expect(answer.error?.message).toContain('max_fetch (request params): is another name for max_alerts; set one of max_alerts and max_fetch, not both');
  });
});
