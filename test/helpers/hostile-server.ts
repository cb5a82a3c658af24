// A loopback HTTP server whose handler a test writes to misbehave (an endless body, a 5 GiB
// Content-Length, one byte a second, an answer that never comes). It counts requests and lets a
// test await the close of a request's connection, which proves the client really hung up.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach } from 'vitest';

export interface HostileServer {
  readonly url: string;
  /** Requests received so far. */
  hits(): number;
  /** Resolves when the connection of the n-th request (1-based) closes. */
  closed(n?: number): Promise<void>;
}

export interface HostileOptions {
  /** Call the handler once the request body was read (a write test inspects it), not at once. */
  readonly afterBody?: boolean;
}

export type HostileHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Returns a starter; every server it starts is closed after each test of the file. */
export function hostileServers(): (handler: HostileHandler, options?: HostileOptions) => Promise<HostileServer> {
  const open: Server[] = [];
  afterEach(async () => {
    for (const server of open.splice(0)) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
  return async (handler, options = {}) => {
    const closes: Array<Promise<void>> = [];
    const server = createServer((req, res) => {
      closes.push(new Promise((resolve) => req.socket.once('close', () => resolve())));
      if (!options.afterBody) return handler(req, res);
      req.resume();
      req.on('end', () => handler(req, res));
    });
    // The client hangs up mid-body on purpose (and undici's spare connection after an abort is
    // closed at once): resets are expected here.
    server.on('connection', (s: Socket) => s.on('error', () => undefined));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push(server);
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      hits: () => closes.length,
      closed: (n = 1) => closes[n - 1] ?? Promise.reject(new Error(`the server saw no request ${n}`)),
    };
  };
}
