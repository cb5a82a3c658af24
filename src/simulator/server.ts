// A local Darktrace appliance over real sockets: it authenticates exactly as darktrace-api.md §1.5
// describes, answers errors as §2 lists them, serves test_data/api/, keeps state for writes and
// injects faults. Used by end-to-end tests and the demo. It never imports src/client/ (STYLE.md §1).
// Just over 300 lines: the options, the request pipeline and the fault kinds read best in one place.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../clock.js';
import { packagePath } from '../paths.js';
import { loadDefaultDataset, type SimulatorDataset } from './dataset.js';
import { RealData } from './real-data.js';
import { FaultQueue, LOGIN_PAGE, MALFORMED_JSON, type Fault } from './faults.js';
import { authenticate, splitTarget } from './verify.js';
import { ApplianceAnswer, json, type Route, type RouteContext, type RouteResult } from './routes/route-kit.js';
import { statusRoutes } from './routes/status.js';
import { similarDevicesRoutes } from './routes/similardevices.js';
import { endpointDetailsRoutes } from './routes/endpointdetails.js';
import { deviceInfoRoutes } from './routes/deviceinfo.js';
import { advancedSearchRoutes } from './routes/advancedsearch.js';
import { intelFeedRoutes } from './routes/intelfeed.js';
import { tagsEntitiesRoutes } from './routes/tags-entities.js';
import { modelBreachesRoutes } from './routes/modelbreaches.js';
import { breachActionsRoutes } from './routes/breach-actions.js';
import { mbCommentsRoutes } from './routes/mbcomments.js';
import { modelsRoutes } from './routes/models.js';
import { componentsRoutes } from './routes/components.js';
import { detailsRoutes } from './routes/details.js';
import { devicesRoutes } from './routes/devices.js';
import { aianalystRoutes } from './routes/aianalyst.js';
import { aianalystActionRoutes } from './routes/aianalyst-actions.js';

export const SIMULATOR_TOKENS = { publicToken: 'simulator-public-token', privateToken: 'simulator-private-token' } as const;

export interface SimulatorToken {
  publicToken: string;
  privateToken: string;
  /** read-only: every POST answers 302 "Found. Redirecting to /403" (darktrace-api.md §2). */
  permissions?: 'all' | 'read-only';
}

export interface SimulatorOptions {
  port?: number;
  host?: string;
  /** https with test_data/tls/cert.pem + key.pem (self-signed, CN localhost, SAN 127.0.0.1). */
  tls?: boolean;
  /** The appliance's clock; default systemClock. */
  clock?: Clock;
  /** Appliance clock = clock.now() + skewMs. */
  skewMs?: number;
  tokens?: SimulatorToken[];
  dataset?: SimulatorDataset;
  /** Seed of the deterministic shuffle of list answers (modelbreaches, details, devices); default 1. */
  shuffleSeed?: number;
  /**
   * Answer a DTAPI-Date in the compact YYYYMMDDTHHMMSS form with API DATE ERROR, as one 7.1 lab
   * appliance did while accepting YYYY-MM-DD HH:MM:SS (darktrace-api.md §1.2).
   */
  rejectCompactDate?: boolean;
  /**
   * Emulates a reverse proxy mounting the appliance under a prefix (e.g. '/darktrace'): the prefix
   * is stripped before verification and routing, because clients sign only the endpoint path
   * (darktrace-api.md §1.3.1, vector path_prefix_not_signed). Requests outside it answer 404.
   */
  basePath?: string;
  /** 'real': the recorded shapes of test_data/real/ answer where they have a case (real-data.ts); default 'generated'. */
  data?: 'generated' | 'real';
}

/** One request as received. Headers are not kept: tokens and signatures must never be recorded. */
export interface RecordedRequest {
  method: string;
  path: string;
  rawQuery: string;
  query: Array<[string, string]>;
  body: string;
  contentType?: string;
  /** The status answered; 0 while pending or when the socket was reset. */
  status: number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  /** Live and mutable: tests push breaches between fetch cycles and read tags back. */
  state: SimulatorDataset;
  faults: FaultQueue;
  /** The recorded-shape corpus in data: 'real' mode (choose cases with real.use()); undefined otherwise. */
  real: RealData | undefined;
  requests: RecordedRequest[];
  /**
   * Emits 'request' (RecordedRequest) as each request arrives, before it is answered, and
   * 'client-closed' (the same record) when the client closed the connection before the answer was
   * sent: tests await them instead of sleeping.
   */
  events: EventEmitter;
  setSkew(ms: number): void;
  /** Closes the server and every open connection, without waiting for delayed answers. */
  close(): Promise<void>;
}

const ROUTES: readonly Route[] = [
  ...statusRoutes,
  ...similarDevicesRoutes,
  ...endpointDetailsRoutes,
  ...deviceInfoRoutes,
  ...advancedSearchRoutes,
  ...intelFeedRoutes,
  ...tagsEntitiesRoutes,
  ...modelBreachesRoutes,
  ...breachActionsRoutes,
  ...mbCommentsRoutes,
  ...modelsRoutes,
  ...componentsRoutes,
  ...detailsRoutes,
  ...devicesRoutes,
  ...aianalystRoutes,
  ...aianalystActionRoutes,
];

function redirect(location: string): RouteResult {
  // The appliance answers a valid HMAC on an unknown route with /login and a missing permission
  // with /403, body exactly "Found. Redirecting to <location>" (darktrace-api.md §2).
  return { status: 302, body: `Found. Redirecting to ${location}`, headers: { location, 'content-type': 'text/plain; charset=utf-8' } };
}

function route(ctx: RouteContext): RouteResult {
  for (const r of ROUTES) {
    if (r.method !== ctx.method) continue;
    const m = r.pattern.exec(ctx.path);
    if (!m) continue;
    let params: string[];
    try {
      params = m.slice(1).map((s) => decodeURIComponent(s ?? ''));
    } catch {
      return redirect('/login');
    }
    try {
      return r.handler(ctx, params);
    } catch (err) {
      if (err instanceof ApplianceAnswer) return json(err.payload, err.status);
      throw err;
    }
  }
  return redirect('/login');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const clock = options.clock ?? systemClock;
  let skewMs = options.skewMs ?? 0;
  const tokens = options.tokens ?? [{ ...SIMULATOR_TOKENS }];
  const state = options.dataset ?? loadDefaultDataset();
  const shuffleSeed = options.shuffleSeed ?? 1;
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const faults = new FaultQueue();
  const real = options.data === 'real' ? new RealData() : undefined;
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const applianceNow = () => clock.now() + skewMs;
  let baseUrl = '';

  const send = (res: ServerResponse, rec: RecordedRequest, result: RouteResult): void => {
    rec.status = result.status;
    if (res.destroyed) return;
    // Explicit Date from the appliance clock, replacing Node's own, so clients can measure skew.
    res.setHeader('date', new Date(applianceNow()).toUTCString());
    for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
    res.statusCode = result.status;
    res.end(result.body);
  };

  const respond = (ctx: RouteContext, readOnly: boolean): RouteResult => {
    if (readOnly && ctx.method === 'POST') return redirect('/403');
    try {
      const current = { ...ctx, nowMs: applianceNow() };
      return real?.answer(current) ?? route(current);
    } catch (err) {
      return json({ error: 'Internal Server Error', message: err instanceof Error ? err.message : String(err) }, 500);
    }
  };

  const later = (ms: number, then: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      then();
    }, ms);
    t.unref();
    timers.add(t);
  };

  const applyFault = (fault: Fault, handleNow: () => RouteResult, res: ServerResponse, rec: RecordedRequest): void => {
    switch (fault.kind) {
      case 'status':
        return send(res, rec, {
          status: fault.status,
          body: fault.body ?? JSON.stringify({ error: `Simulated status ${fault.status}` }),
          headers: { 'content-type': 'application/json; charset=utf-8', ...fault.headers },
        });
      case 'reset':
        rec.status = 0;
        res.socket?.destroy();
        return;
      case 'delay':
        return later(fault.ms, () => send(res, rec, handleNow()));
      case 'delay-answer': {
        const result = handleNow();
        return later(fault.ms, () => send(res, rec, result));
      }
      case 'malformed':
        return send(res, rec, { status: 200, body: MALFORMED_JSON, headers: { 'content-type': 'application/json; charset=utf-8' } });
      case 'html-login':
        return send(res, rec, { status: 200, body: LOGIN_PAGE, headers: { 'content-type': 'text/html; charset=utf-8' } });
    }
  };

  const events = new EventEmitter();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const bodyBuf = await readBody(req);
    const body = bodyBuf.toString('utf8');
    const method = (req.method ?? 'GET').toUpperCase();
    let target = req.url ?? '/';
    const contentType = header(req, 'content-type');
    const { path: rawPath, rawQuery } = splitTarget(target);
    const rec: RecordedRequest = {
      method,
      path: rawPath,
      rawQuery,
      query: [...new URLSearchParams(rawQuery)],
      body,
      ...(contentType === undefined ? {} : { contentType }),
      status: 0,
    };
    requests.push(rec);
    events.emit('request', rec);
    // The client gave up before the answer (a cancelled command): tests await this, not a sleep.
    res.on('close', () => {
      if (!res.writableFinished) events.emit('client-closed', rec);
    });
    if (basePath) {
      if (rawPath !== basePath && !rawPath.startsWith(`${basePath}/`)) {
        return send(res, rec, { status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } });
      }
      target = target.slice(basePath.length) || '/';
    }
    const path = splitTarget(target).path;
    const auth = authenticate(
      { method, target, body, contentType },
      { token: header(req, 'dtapi-token'), date: header(req, 'dtapi-date'), signature: header(req, 'dtapi-signature') },
      tokens,
      applianceNow(),
      { rejectCompactDate: options.rejectCompactDate === true },
    );
    if (!auth.ok) return send(res, rec, json({ error: auth.error }, 400));
    const ctx: RouteContext = {
      method,
      path,
      query: new URLSearchParams(rawQuery),
      body,
      contentType,
      state,
      nowMs: applianceNow(),
      baseUrl,
      shuffleSeed,
    };
    const readOnly = auth.token.permissions === 'read-only';
    const handleNow = () => respond(ctx, readOnly);
    const fault = faults.take();
    if (fault) return applyFault(fault, handleNow, res, rec);
    send(res, rec, handleNow());
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => res.socket?.destroy());
  };
  let server: Server;
  if (options.tls) {
    const dir = packagePath('test_data', 'tls');
    server = createHttpsServer({ cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) }, listener);
  } else {
    server = createHttpServer(listener);
  }
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `${options.tls ? 'https' : 'http'}://${host}:${port}`;

  return {
    url: baseUrl,
    port,
    state,
    faults,
    real,
    requests,
    events,
    setSkew(ms: number) {
      skewMs = ms;
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
