// Real loopback sockets for what MockAgent cannot express: timeouts, refused connections, TLS and
// redirects (toolchain.md §3-§4). timeoutMs is 1000 because undici's timers are coarse (±1 s).
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Agent, EnvHttpProxyAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { createDispatcher } from '../../../src/client/dispatcher.js';
import { HttpTransport, computeSkewMs, type ConnectionSettings } from '../../../src/client/http.js';
import { prepareGet } from '../../../src/client/signing.js';
import { AuthError, NetworkError, TimeoutError, TlsError } from '../../../src/errors.js';
import { PRIVATE_TOKEN, PUBLIC_TOKEN, captureLogger } from './support.js';

const CERT = readFileSync(new URL('../../../test_data/tls/cert.pem', import.meta.url));
const KEY = readFileSync(new URL('../../../test_data/tls/key.pem', import.meta.url));

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * Accepts TCP connections and never answers. Counts the connections that carried a request: after
 * an abort undici opens a spare connection and closes it at once, without a request (measured).
 */
async function blackHole(): Promise<{ port: number; connections: () => number; open: () => number }> {
  const sockets: Socket[] = [];
  const requested = new Set<Socket>();
  const closed = new Set<Socket>();
  const server = createNetServer((s) => {
    sockets.push(s);
    s.once('data', () => requested.add(s));
    s.once('close', () => closed.add(s));
  });
  const port = await listen(server);
  cleanups.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port, connections: () => requested.size, open: () => sockets.length - closed.size };
}

async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void, tls = false): Promise<{ port: number; hits: () => number }> {
  let hits = 0;
  const wrapped = (req: IncomingMessage, res: ServerResponse): void => {
    hits += 1;
    handler(req, res);
  };
  const server = tls ? createHttpsServer({ cert: CERT, key: KEY }, wrapped) : createHttpServer(wrapped);
  const port = await listen(server);
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port, hits: () => hits };
}

function transport(baseUrl: string, overrides: Partial<ConnectionSettings> = {}): HttpTransport {
  const t = new HttpTransport({
    baseUrl,
    publicToken: PUBLIC_TOKEN,
    privateToken: PRIVATE_TOKEN,
    timeoutMs: 1000,
    insecure: false,
    useSystemProxy: false,
    retry: { retries: 0, minTimeoutMs: 0, maxTimeoutMs: 0 },
    clock: fixedClock('2026-03-01T12:00:00Z'),
    ...overrides,
  });
  cleanups.push(() => t.close());
  return t;
}

const json = (_req: IncomingMessage, res: ServerResponse): void => {
  res.setHeader('content-type', 'application/json');
  res.end('{"version":"6.1"}');
};

describe('HttpTransport on real sockets', () => {
  it('times out a server that never answers, retrying the timeout', async () => {
    const hole = await blackHole();
    const log = captureLogger();
    const t = transport(`http://127.0.0.1:${hole.port}`, { retry: { retries: 1, minTimeoutMs: 0, maxTimeoutMs: 0 }, logger: log.logger });
    const err = await t.send(prepareGet('/status')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).message).toContain('raise the timeout parameter');
    expect(hole.connections()).toBe(2);
    expect(log.withMsg('retrying').map((r) => r['code'])).toEqual(['DT_TIMEOUT']);
  });

  it('times out a body that stalls after the headers', async () => {
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
    });
    const err = await transport(`http://127.0.0.1:${server.port}`)
      .send(prepareGet('/status'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).code).toBe('DT_TIMEOUT');
  });

  it('reports a refused connection as a network error naming the url parameter', async () => {
    const probe = createNetServer();
    const port = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const log = captureLogger();
    const err = await transport(`http://127.0.0.1:${port}`, { retry: { retries: 2, minTimeoutMs: 0, maxTimeoutMs: 0 }, logger: log.logger })
      .send(prepareGet('/status'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).message).toContain('(ECONNREFUSED)');
    expect((err as NetworkError).message).toContain('url parameter');
    expect(log.withMsg('retrying')).toHaveLength(2);
  });

  it('does not follow a 302 to /login', async () => {
    const server = await httpServer((_req, res) => {
      res.writeHead(302, { location: '/login' });
      res.end('Found. Redirecting to /login');
    });
    const err = await transport(`http://127.0.0.1:${server.port}`)
      .send(prepareGet('/status'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(server.hits()).toBe(1);
  });

  it('measures skew from the real Date header', async () => {
    const server = await httpServer(json);
    const log = captureLogger();
    // The fixed clock is far from the real one: the warning must fire with a negative skew.
    await expect(transport(`http://127.0.0.1:${server.port}`, { logger: log.logger }).send(prepareGet('/status'))).resolves.toEqual({ version: '6.1' });
    const warn = log.withMsg('clock skew')[0];
    expect(typeof warn?.['skewMs']).toBe('number');
  });
});

describe('TLS', () => {
  it.each([
    { name: 'self-signed refused by default', opts: {}, ok: false },
    { name: 'accepted with insecure', opts: { insecure: true }, ok: true },
    { name: 'accepted with the CA', opts: { ca: CERT }, ok: true },
  ])('$name', async ({ opts, ok }) => {
    const server = await httpServer(json, true);
    const t = transport(`https://127.0.0.1:${server.port}`, opts);
    if (ok) {
      await expect(t.send(prepareGet('/status'))).resolves.toEqual({ version: '6.1' });
      return;
    }
    const err = await t.send(prepareGet('/status')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TlsError);
    expect((err as TlsError).message).toContain('insecure: true only for a test appliance');
  });
});

describe('createDispatcher', () => {
  it.each([
    { name: 'plain agent', useSystemProxy: false, want: Agent },
    { name: 'system proxy', useSystemProxy: true, want: EnvHttpProxyAgent },
  ])('$name', async ({ useSystemProxy, want }) => {
    const d = await createDispatcher({ insecure: false, useSystemProxy, timeoutMs: 1000 });
    expect(d).toBeInstanceOf(want);
    await d.close();
  });
});

describe('computeSkewMs', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it.each([
    { name: 'no header', header: undefined, want: undefined },
    { name: 'unparsable', header: 'soon', want: undefined },
    { name: 'within resolution', header: 'Sun, 01 Mar 2026 11:59:57 GMT', want: 0 },
    { name: 'host ahead', header: 'Sun, 01 Mar 2026 11:50:00 GMT', want: 600_000 },
    { name: 'host behind', header: ['Sun, 01 Mar 2026 12:30:00 GMT'], want: -1_800_000 },
  ])('$name', ({ header, want }) => expect(computeSkewMs(header, now)).toBe(want));
});
