// Writes are never blindly retried (issue #12 point 7): a POST goes out again only when it provably
// never left this host (refused connection); any other failure after sending is reported as
// DT_WRITE_UNCONFIRMED for the command to read the state back. Real loopback sockets.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { HttpTransport } from '../../../src/client/http.js';
import { prepareGet, prepareJsonPost } from '../../../src/client/signing.js';
import { BadResponseError, NetworkError, RejectedError, ServerError, TimeoutError, WriteUnconfirmedError } from '../../../src/errors.js';
import { hostileServers, type HostileHandler } from '../../helpers/hostile-server.js';
import { captureLogger, loopbackTransport } from './support.js';

const hostile = hostileServers();
const server = (handler: HostileHandler) => hostile(handler, { afterBody: true });

const transport = (url: string, logger = captureLogger().logger): HttpTransport =>
  loopbackTransport(url, { retry: { retries: 3, minTimeoutMs: 0, maxTimeoutMs: 0 }, logger });

const POST = prepareJsonPost('/modelbreaches/30952/comments', { message: 'escalated' });

describe('a POST whose answer is lost is sent once', () => {
  it.each([
    { name: 'reset after the request arrived', cause: NetworkError, handler: (_req: IncomingMessage, res: ServerResponse) => res.socket?.destroy() },
    { name: 'answer never comes', cause: TimeoutError, handler: () => undefined },
    { name: '503', cause: ServerError, handler: (_req: IncomingMessage, res: ServerResponse) => res.writeHead(503).end('busy') },
    {
      name: '200 with a cut-off body',
      cause: BadResponseError,
      handler: (_req: IncomingMessage, res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"response":'),
    },
  ])('$name -> DT_WRITE_UNCONFIRMED', async ({ handler, cause }) => {
    const s = await server(handler);
    const log = captureLogger();
    const err = await transport(s.url, log.logger)
      .send(POST)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriteUnconfirmedError);
    expect(err).toMatchObject({ code: 'DT_WRITE_UNCONFIRMED', exitCode: 1, request: { method: 'POST', path: '/modelbreaches/30952/comments' } });
    expect((err as Error).message).toContain('it was not sent again');
    expect((err as Error).cause).toBeInstanceOf(cause);
    expect(s.hits()).toBe(1);
    expect(log.withMsg('retrying')).toEqual([]);
  });

  it('the same failures on a GET are still retried', async () => {
    const s = await server((_req, res) => res.writeHead(503).end('busy'));
    const err = await transport(s.url)
      .send(prepareGet('/status'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(s.hits()).toBe(4);
  });

  it('an explicit refusal stays what it is: nothing was written', async () => {
    const s = await server((_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"INPUT ERROR"}'));
    const err = await transport(s.url)
      .send(POST)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RejectedError);
    expect(s.hits()).toBe(1);
  });

  it('a refused connection never reached the appliance: the POST is retried', async () => {
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const log = captureLogger();
    const err = await transport(`http://127.0.0.1:${port}`, log.logger)
      .send(POST)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toContain('ECONNREFUSED');
    expect(log.withMsg('retrying')).toHaveLength(3);
  });
});
