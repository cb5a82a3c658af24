// The Admin commands end to end through the compiled CLI and the simulator: the seed's three
// examples give the seed's context, writes round-trip through the appliance's state, bad input
// exits 2 with nothing sent, and `help` shows every argument and output from the manifest.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { labelWithAliases } from '../../src/manifest/aliases.js';
import { loadManifest } from '../../src/manifest/load.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli } from '../helpers/run-cli.js';
import { withSimulator } from '../helpers/start-simulator.js';

const handle = withSimulator({ tokens: [{ ...CANARY_TOKENS }] }, 'each');
beforeEach(() => {
  handle.sim.requests.length = 0;
});

async function runJson(line: string): Promise<{ outputs: Record<string, unknown>; readable: string }> {
  const run = await runCli(['run', line, '--json'], { env: instanceEnv(handle.sim.url) });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { outputs: Record<string, unknown>; readable: string };
}

function seedContext(command: string): { Darktrace: Record<string, unknown> } {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, `../../test_data/seed-examples/${command}.json`), 'utf8')) as {
    Darktrace: Record<string, unknown>;
  };
}

describe("the seed's command examples give the seed's context", () => {
  it.each([
    { command: 'darktrace-get-similar-devices', line: '!darktrace-get-similar-devices did=1 max_results=2', key: 'SimilarDevices', extra: { deviceId: 1 } },
    {
      command: 'darktrace-get-external-endpoint-details',
      line: '!darktrace-get-external-endpoint-details endpoint_type=hostname endpoint_value=cats.com additional_info=true devices=true score=true',
      key: 'ExternalEndpointDetails',
      extra: {},
    },
    {
      command: 'darktrace-get-device-connection-info',
      line: '!darktrace-get-device-connection-info did=1 data_type=co',
      key: 'DeviceConnectionInfo',
      extra: {},
    },
  ])('$command', async ({ command, line, key, extra }) => {
    const answer = await runJson(line);
    // Our one addition: `deviceId` beside the seed's `did` (the seed's output table names it deviceId).
    expect(answer.outputs[`Darktrace.${key}`]).toEqual({ ...(seedContext(command).Darktrace[key] as object), ...extra });
  });
});

describe('round trips through the appliance state', () => {
  it('a posted tag shows up in get-tags-for-device and get-tagged-devices', async () => {
    const posted = await runJson('!darktrace-post-tag-to-device deviceId=1501 tagName="Critical Server"');
    expect(posted.outputs['Darktrace.Device']).toEqual({
      tagId: 21,
      tagName: 'Critical Server',
      deviceId: 1501,
      response: 'Successfully Tagged',
      rollback: '!darktrace-remove-tag-from-device deviceId=1501 tagName="Critical Server"',
    });
    const tags = await runJson('!darktrace-get-tags-for-device deviceId=1501');
    expect(tags.outputs['Darktrace.Device']).toEqual([
      { deviceId: 1501, tagId: 21, tagName: 'Critical Server', tagDescription: 'Business-critical server', expiry: 0 },
    ]);
    const tagged = await runJson('!darktrace-get-tagged-devices tagName="Critical Server"');
    expect((tagged.outputs['Darktrace.Device'] as Array<{ deviceId: number }>).map((d) => d.deviceId).sort((a, b) => a - b)).toEqual([1, 1501, 1733]);
  });

  it('watched entries show up in the simulator /intelfeed', async () => {
    await runJson('!darktrace-post-to-watched-list endpointsToWatch=evil.example,203.0.113.9 description="From incident 42"');
    const watched = handle.sim.state.intelfeed.filter((e) => e.name === 'evil.example' || e.name === '203.0.113.9');
    expect(watched).toEqual([
      { name: 'evil.example', description: 'From incident 42', strength: 100, iagn: false, source: 'Default' },
      { name: '203.0.113.9', description: 'From incident 42', strength: 100, iagn: false, source: 'Default' },
    ]);
  });

  it('tagging with a tag the appliance does not have is a clear DT_REJECTED error (exit 1)', async () => {
    const run = await runCli(['run', '!darktrace-post-tag-to-device deviceId=1501 tagName="No Such Tag"'], { env: instanceEnv(handle.sim.url) });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'darktrace-soar: Darktrace refused to tag device 1501 with "No Such Tag" (HTTP 400): check that the tag exists on the appliance (this command does not create tags) and that the device id is right. [DT_REJECTED]',
    );
    expect(handle.sim.state.tagEntities.some((e) => e.entityValue === '1501')).toBe(false);
  });
});

describe('bad input through the real CLI: exit 2, argument named, nothing sent', () => {
  it.each([
    {
      line: '!darktrace-get-external-endpoint-details endpoint_type=IP endpoint_value=cats.com',
      text: 'argument endpoint_value of darktrace-get-external-endpoint-details: expected an IPv4 or IPv6 address because endpoint_type is IP',
    },
    { line: '!darktrace-run-advanced-search-analysis initialDate=2026-03-02 endDate=2026-03-01 query=x operation=terms metric=m', text: 'argument endDate' },
    { line: '!darktrace-post-to-watched-list endpointsToWatch="a.example, not valid"', text: '"not valid" is not' },
    {
      line: '!darktrace-get-device-connection-info did=1 data_type=bytes',
      text: 'argument data_type of darktrace-get-device-connection-info: expected one of co, sizeout, sizein, got "bytes"',
    },
  ])('$text', async ({ line, text }) => {
    const run = await runCli(['run', line], { env: instanceEnv(handle.sim.url) });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(text);
    expect(run.stderr).toContain('[DT_ARG_INVALID]');
    expect(handle.sim.requests).toHaveLength(0);
  });
});

describe('help shows arguments and outputs from the manifest', () => {
  const admin = loadManifest().script.commands.filter((c) =>
    [
      'similar-devices',
      'external-endpoint',
      'connection-info',
      'advanced-search',
      'post-to-watched-list',
      'tagged-devices',
      'tags-for-device',
      'tag-to-device',
    ].some((k) => c.name.includes(k)),
  );
  it('covers the eight Admin commands', () => expect(admin).toHaveLength(8));
  it.each(admin.map((c) => ({ name: c.name, command: c })))('$name', async ({ command }) => {
    const run = await runCli(['help', command.name]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`### ${command.name}`);
    for (const a of command.arguments) expect(run.stdout).toContain(`| ${labelWithAliases(a)} |`);
    for (const o of command.outputs) expect(run.stdout).toContain(`| ${o.contextPath} |`);
  });
});
