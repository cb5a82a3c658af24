// Hostile appliances on real loopback sockets (issue #12 point 3): a huge Content-Length, an endless
// body, a body trickling in, and a server that never answers across retries. Each must end with its
// own error code, without retrying a size problem, and with the connection really closed.
import type { ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBody } from '../../../src/client/body.js';
import { prepareGet } from '../../../src/client/signing.js';
import { ResponseTooLargeError, TimeoutError } from '../../../src/errors.js';
import { hostileServers } from '../../helpers/hostile-server.js';
import { captureLogger, loopbackTransport } from './support.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const hostile = hostileServers();

const transport = loopbackTransport;

/** Writes `chunk` whenever the socket drains, forever, until the client goes away. */
function endless(res: ServerResponse, chunk: Buffer): void {
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

const MB = 2 ** 20;

describe('byte cap', () => {
  it('refuses a 5 GiB Content-Length before reading, without retrying', async () => {
    const server = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(5 * 2 ** 30) });
      endless(res, Buffer.alloc(64 * 1024, 0x20));
    });
    const log = captureLogger();
    const err = await transport(server.url, { maxResponseBytes: 8 * MB, logger: log.logger })
      .send(prepareGet('/modelbreaches'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect(err).toMatchObject({ code: 'DT_RESPONSE_TOO_LARGE', exitCode: 1, how: 'announced', seenBytes: 5 * 2 ** 30 });
    expect((err as Error).message).toContain('max_response_mb limit of 8 MB (it announced 5 GB)');
    expect((err as Error).message).not.toMatch(/could not reach/i);
    await server.closed();
    expect(server.hits()).toBe(1);
    expect(log.withMsg('retrying')).toEqual([]);
  });

  it('cuts off an endless chunked body once it passes the cap', async () => {
    const server = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      endless(res, Buffer.alloc(64 * 1024, 0x5b));
    });
    const err = await transport(server.url, { maxResponseBytes: 1 * MB })
      .send(prepareGet('/modelbreaches'))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DT_RESPONSE_TOO_LARGE', how: 'streamed' });
    expect((err as ResponseTooLargeError).seenBytes).toBeGreaterThan(1 * MB);
    expect((err as ResponseTooLargeError).seenBytes).toBeLessThanOrEqual(1 * MB + 64 * 1024);
    await server.closed();
    expect(server.hits()).toBe(1);
  });

  it('accepts an answer of exactly the cap', async () => {
    const body = `"${'x'.repeat(1022)}"`;
    const server = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    await expect(transport(server.url, { maxResponseBytes: 1024 }).send(prepareGet('/status'))).resolves.toBe('x'.repeat(1022));
  });

  it('a body too large for one string is the size error, not a network one', () => {
    const tooLong = {
      toString: () => {
        throw Object.assign(new Error('Cannot create a string longer than 0x1fffffe8 characters'), { code: 'ERR_STRING_TOO_LONG' });
      },
    };
    const err = (() => {
      try {
        return decodeBody(tooLong, 1024 * MB, { method: 'GET', path: '/modelbreaches' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect(err).toMatchObject({ code: 'DT_RESPONSE_TOO_LARGE', how: 'string' });
    expect((err as Error).message).toContain('max_response_mb limit of 1 GB (too large to decode as text)');
  });
});

describe('deadlines', () => {
  it('ends a body trickling in faster than the idle timeout at the whole-answer deadline', async () => {
    // A byte every 100 ms never trips undici's idle bodyTimeout (1 s); only the deadline ends it.
    let sent = 0;
    const server = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const timer = setInterval(() => {
        sent += 1;
        res.write(' ');
      }, 100);
      res.on('close', () => clearInterval(timer));
    });
    const err = await transport(server.url, { retry: { retries: 0, minTimeoutMs: 0, maxTimeoutMs: 0 } })
      .send(prepareGet('/modelbreaches'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ code: 'DT_TIMEOUT' });
    expect((err as Error).message).toContain('was too slow: the whole answer did not arrive within the timeout of 1 s');
    await server.closed();
    expect(sent).toBeGreaterThan(0);
  });

  it('ends the whole call, retries included, at its own deadline', async () => {
    const sockets: Socket[] = [];
    const requested = new Set<Socket>();
    const hole = createNetServer((s) => {
      sockets.push(s);
      s.once('data', () => requested.add(s));
    });
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => hole.close(() => resolve()));
    });
    const url = `http://127.0.0.1:${(hole.address() as AddressInfo).port}`;
    const log = captureLogger();
    // Ten retries allowed, but the call may last 1.5 timeouts: the second attempt is cut short.
    const t = transport(url, { callDeadlineMs: 1500, retry: { retries: 10, minTimeoutMs: 0, maxTimeoutMs: 0 }, logger: log.logger });
    const err = await t.send(prepareGet('/status')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toContain('within 1.5 s including retries (3 x the timeout parameter)');
    expect(requested.size).toBe(2);
    expect(log.withMsg('retrying').map((r) => r['code'])).toEqual(['DT_TIMEOUT']);
  });

  it('a Retry-After wait is cut short by the call deadline', async () => {
    const server = await hostile((_req, res) => res.writeHead(429, { 'retry-after': '30' }).end());
    const t = transport(server.url, { callDeadlineMs: 300, retry: { retries: 3, minTimeoutMs: 0, maxTimeoutMs: 60_000 } });
    const err = await t.send(prepareGet('/status')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toContain('within 0.3 s including retries');
    expect(server.hits()).toBe(1);
  });
});
