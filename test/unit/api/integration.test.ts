// The library entry against the simulator, in-process: typed errors for what a platform may hand
// over wrongly, and a clear answer after close() instead of retries against destroyed sockets.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntegration, type ArgumentInput, type IntegrationOptions } from '../../../src/api/integration.js';
import { ArgumentError, ConfigError, UsageError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log.js';
import { startSimulator, SIMULATOR_TOKENS, type RunningSimulator } from '../../../src/simulator/server.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const open = () =>
  createIntegration({
    params: { url: sim.url, public_api_token: SIMULATOR_TOKENS.publicToken, private_api_token: SIMULATOR_TOKENS.privateToken },
    logger: createLogger({ level: 'silent' }),
  });

describe('createIntegration', () => {
  it.each([
    { name: 'no options', options: undefined },
    { name: 'params missing', options: {} },
    { name: 'params a list', options: { params: [] } },
  ])('$name: ConfigError naming params', ({ options }) => {
    expect(() => createIntegration(options as unknown as IntegrationOptions)).toThrow(ConfigError);
    expect(() => createIntegration(options as unknown as IntegrationOptions)).toThrow('params: expected an object of instance parameter values');
  });

  it('names "params" and no environment variables when a parameter is missing', () => {
    expect(() => createIntegration({ params: { url: sim.url } })).toThrow('public_api_token: required; set it in the params\n');
  });
});

describe('execute: typed values from a platform', () => {
  it.each<{ name: string; args: Record<string, ArgumentInput>; devices: number }>([
    { name: 'numbers are coerced by the manifest', args: { did: 1, max_results: 2 }, devices: 2 },
    { name: 'strings too', args: { did: '1', max_results: '1' }, devices: 1 },
    { name: "XSOAR's names", args: { deviceId: 1, maxResults: 2 }, devices: 2 },
    // XSOAR declares single values such as dataType as lists, so its playbooks send one-element lists.
    { name: 'one-element lists for single values', args: { deviceId: ['1'], max_results: [1] }, devices: 1 },
  ])('$name', async ({ args, devices }) => {
    const dt = open();
    try {
      const result = await dt.execute('darktrace-get-similar-devices', args);
      expect((result.outputs['Darktrace.SimilarDevices'] as { devices: unknown[] }).devices).toHaveLength(devices);
    } finally {
      await dt.close();
    }
  });

  it.each([
    { name: 'a list for a single-value argument', args: { did: [1, 2] }, text: 'argument did of darktrace-get-similar-devices: takes one value, not a list' },
    {
      name: 'a longer list under an alias',
      args: { deviceId: [1, 2] },
      text: 'argument deviceId of darktrace-get-similar-devices: takes one value, not a list',
    },
    { name: 'an object', args: { did: { id: 1 } }, text: 'argument did of darktrace-get-similar-devices: expected text, a number or true/false' },
  ])('$name is an ArgumentError, and nothing is sent', async ({ args, text }) => {
    const dt = open();
    sim.requests.length = 0;
    try {
      await expect(dt.execute('darktrace-get-similar-devices', args as never)).rejects.toThrow(ArgumentError);
      await expect(dt.execute('darktrace-get-similar-devices', args as never)).rejects.toThrow(text);
      expect(sim.requests).toHaveLength(0);
    } finally {
      await dt.close();
    }
  });

  it('a list for a list argument is joined', async () => {
    const dt = open();
    try {
      const result = await dt.execute('darktrace-post-to-watched-list', { endpointsToWatch: ['evil.example', '203.0.113.9'] });
      expect(result.command).toBe('darktrace-post-to-watched-list');
      expect(sim.state.intelfeed.map((e) => e.name)).toEqual(expect.arrayContaining(['evil.example', '203.0.113.9']));
    } finally {
      await dt.close();
    }
  });
});

describe('after close()', () => {
  it.each([
    { name: 'test', call: (dt: ReturnType<typeof open>) => dt.test() },
    { name: 'execute', call: (dt: ReturnType<typeof open>) => dt.execute('darktrace-get-similar-devices', { did: 1 }) },
    { name: 'fetchIncidents', call: (dt: ReturnType<typeof open>) => dt.fetchIncidents() },
  ])('$name says the integration is closed', async ({ call }) => {
    const dt = open();
    await dt.test();
    await dt.close();
    await expect(call(dt)).rejects.toThrow(UsageError);
    await expect(call(dt)).rejects.toThrow('this integration was closed');
  });
});

describe('showing the integration object (issue #12)', () => {
  it('util.inspect and JSON.stringify never print the tokens', async () => {
    const dt = open();
    try {
      for (const text of [
        inspect(dt),
        inspect(dt, { depth: 10, showHidden: true }),
        inspect({ dt }),
        JSON.stringify(dt),
        JSON.stringify({ dt }),
        inspect(dt.params),
        JSON.stringify(dt.params),
      ]) {
        expect(text).not.toContain(SIMULATOR_TOKENS.publicToken);
        expect(text).not.toContain(SIMULATOR_TOKENS.privateToken);
        expect(text).toContain('[redacted]');
        expect(text).toContain(sim.url.replace(/\/$/, ''));
      }
      expect(JSON.parse(JSON.stringify(dt))).toMatchObject({
        url: sim.url.replace(/\/$/, ''),
        params: { public_api_token: '[redacted]', private_api_token: '[redacted]' },
      });
      expect(inspect(dt)).toMatch(/^Integration \{/);
      // The signed client a library user can reach holds the tokens in an ES private field.
      const client = dt.client();
      for (const text of [inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client)]) {
        expect(text).not.toContain(SIMULATOR_TOKENS.publicToken);
        expect(text).not.toContain(SIMULATOR_TOKENS.privateToken);
      }
    } finally {
      await dt.close();
    }
  });

  it('a 40 MB argument is refused with its name and the limit, nothing sent', async () => {
    const dt = open();
    sim.requests.length = 0;
    try {
      const message = 'x'.repeat(40 * 1024 * 1024);
      await expect(dt.execute('darktrace-post-comment-to-model-breach', { pbid: 1, message })).rejects.toThrow(
        'argument message of darktrace-post-comment-to-model-breach: is 40.0 MiB; an argument may be at most 1 MiB',
      );
      expect(sim.requests).toHaveLength(0);
    } finally {
      await dt.close();
    }
  });
});
