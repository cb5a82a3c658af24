// The `proxy` parameter: the system proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY) is used only when
// it is true. A loopback forward proxy records what passed through it; TLS goes through the tunnel.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.js';
import { runCli } from '../helpers/run-cli.js';

let sim: RunningSimulator;
let tlsSim: RunningSimulator;
let proxy: ForwardProxy;

beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS] });
  tlsSim = await startSimulator({ tokens: [CANARY_TOKENS], tls: true });
  proxy = await startForwardProxy();
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
  await tlsSim.close();
});
beforeEach(() => {
  proxy.log.length = 0;
});

const hostPort = (url: string) => new URL(url).host;

describe('proxy parameter', () => {
  it.each([
    { name: 'http appliance, proxy true', tls: false, proxyParam: true, through: true },
    { name: 'https appliance, proxy true (tunnel, insecure)', tls: true, proxyParam: true, through: true },
    { name: 'proxy false ignores HTTPS_PROXY', tls: false, proxyParam: false, through: false },
  ])('$name', async ({ tls, proxyParam, through }) => {
    const target = tls ? tlsSim : sim;
    const run = await runCli(['test'], {
      env: { ...instanceEnv(target.url, { proxy: proxyParam, insecure: tls }), HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '' },
    });
    expect(run).toMatchObject({ code: 0, stdout: 'ok\n' });
    const seen = proxy.log.map((l) => l.target);
    if (through) expect(seen.some((t) => t.includes(hostPort(target.url)))).toBe(true);
    else expect(seen).toEqual([]);
  });

  it('NO_PROXY still goes direct when proxy is true', async () => {
    const run = await runCli(['test'], {
      env: { ...instanceEnv(sim.url, { proxy: true }), HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
    });
    expect(run).toMatchObject({ code: 0, stdout: 'ok\n' });
    expect(proxy.log).toEqual([]);
  });
});
