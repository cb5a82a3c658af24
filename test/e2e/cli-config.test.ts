// Where an instance's parameters come from, end to end: a url with a reverse-proxy path prefix
// (sent, not signed), and one instance picked out of a multi-instance config file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli, writeConfig } from '../helpers/run-cli.js';

let sim: RunningSimulator;
let prefixed: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS] });
  prefixed = await startSimulator({ tokens: [CANARY_TOKENS], basePath: '/darktrace' });
});
afterAll(async () => {
  await sim.close();
  await prefixed.close();
});

describe('url with a path prefix', () => {
  it.each([
    { name: 'test-module', argv: ['test'], out: 'ok\n' },
    { name: 'a command', argv: ['run', '!darktrace-get-tags-for-device deviceId=2540'], out: '### Tags on device 2540' },
  ])('$name goes to /darktrace/... and is signed without the prefix', async ({ argv, out }) => {
    prefixed.requests.length = 0;
    const run = await runCli(argv, { env: instanceEnv(`${prefixed.url}/darktrace/`) });
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith(out)).toBe(true);
    expect(prefixed.requests.every((r) => r.path.startsWith('/darktrace/') && r.status === 200)).toBe(true);
  });
});

describe('--instance NAME in a multi-instance config file', () => {
  const config = () =>
    writeConfig({
      min_score: 50,
      instances: {
        'acme-eu': { url: sim.url, public_api_token: CANARY_TOKENS.publicToken, private_api_token: CANARY_TOKENS.privateToken },
        globex: { url: 'http://127.0.0.1:1', public_api_token: 'x', private_api_token: 'y', min_score: 'broken' },
      },
    });

  it('runs against the chosen instance, without validating the others', async () => {
    const run = await runCli(['test', '--config', config(), '--instance', 'acme-eu']);
    expect(run).toMatchObject({ code: 0, stdout: 'ok\n' });
  });

  it.each([
    { name: 'no --instance', extra: [], text: 'this config file defines instances (acme-eu, globex); choose one with --instance NAME' },
    { name: 'unknown instance', extra: ['--instance', 'initech'], text: 'no instance "initech" in the config file; its instances are acme-eu, globex' },
    { name: 'the broken instance', extra: ['--instance', 'globex'], text: 'min_score (config file): expected an integer from 0 to 100, got "broken"' },
  ])('$name: exit 2 naming the problem', async ({ extra, text }) => {
    const run = await runCli(['test', '--config', config(), ...extra]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(text);
  });
});
