// Shared set-up for the client tests: a MockAgent guarded by a real loopback server that counts
// any request that slipped past the mock (undici's own test/mock-agent.js pattern, STYLE.md §2),
// a capturing logger, and canary tokens.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { MockAgent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, expect, onTestFinished } from 'vitest';
import { fixedClock, type ManualClock } from '../../../src/clock.js';
import { DarktraceClient } from '../../../src/client/darktrace-client.js';
import { HttpTransport, type ConnectionSettings } from '../../../src/client/http.js';
import { createLogger, type Logger } from '../../../src/log.js';

export const PUBLIC_TOKEN = 'canary-public-7Qx2Lm9vZr';
export const PRIVATE_TOKEN = 'canary-private-Hk4Wd8sNbT';
const NOW_ISO = '2026-03-01T12:00:00Z';
export const DTAPI_DATE = '20260301T120000';
/** The appliance's Date header when its clock agrees with ours. */
const HTTP_DATE_NOW = new Date(NOW_ISO).toUTCString();

interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface CapturedLog {
  logger: Logger;
  lines: string[];
  records(): Array<Record<string, unknown>>;
  /** The records whose message is `msg` ('retrying', 'clock skew' ...). */
  withMsg(msg: string): Array<Record<string, unknown>>;
}

export function captureLogger(): CapturedLog {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ destination, level: 'debug', secretParameters: ['public_api_token', 'private_api_token'] });
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, records, withMsg: (msg) => records().filter((r) => r['msg'] === msg) };
}

/** A loopback server that must never be reached; requests it sees are counted. */
export async function startGuard(): Promise<{ origin: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    res.statusCode = 599;
    res.end('the MockAgent did not intercept this request');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface MockAppliance {
  /** The intercepted origin (the guard's address). */
  origin: string;
  agent: MockAgent;
  clock: ManualClock;
  log: CapturedLog;
  requests: Recorded[];
  /** Queue one answer for the next request matching method (any path); records what was sent. */
  answer(method: 'GET' | 'POST', status: number, body: unknown, headers?: Record<string, string>): void;
  client(overrides?: Partial<ConnectionSettings>): DarktraceClient;
}

export function mockAppliance(origin: string): MockAppliance {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(origin);
  const clock = fixedClock(NOW_ISO);
  const log = captureLogger();
  const requests: Recorded[] = [];
  return {
    origin,
    agent,
    clock,
    log,
    requests,
    answer(method, status, body, headers = {}) {
      pool.intercept({ path: () => true, method }).reply((opts) => {
        requests.push({
          method: opts.method,
          path: opts.path,
          headers: opts.headers as Record<string, string>,
          body: opts.body === null || opts.body === undefined ? null : String(opts.body),
        });
        return {
          statusCode: status,
          data: typeof body === 'string' ? body : JSON.stringify(body),
          responseOptions: { headers: { date: HTTP_DATE_NOW, ...headers } },
        };
      });
    },
    client(overrides = {}) {
      return new DarktraceClient({
        baseUrl: origin,
        publicToken: PUBLIC_TOKEN,
        privateToken: PRIVATE_TOKEN,
        timeoutMs: 5000,
        insecure: false,
        useSystemProxy: false,
        retry: { retries: 3, minTimeoutMs: 0, maxTimeoutMs: 0 },
        clock,
        logger: log.logger,
        dispatcher: agent,
        ...overrides,
      });
    },
  };
}

/**
 * A real HttpTransport to a loopback test server: canary tokens, 1 s per attempt, retries with no
 * delay, the fixed clock. Closed after each test of the file that calls it.
 */
export function loopbackTransport(url: string, overrides: Partial<ConnectionSettings> = {}): HttpTransport {
  const transport = new HttpTransport({
    baseUrl: url,
    publicToken: PUBLIC_TOKEN,
    privateToken: PRIVATE_TOKEN,
    timeoutMs: 1000,
    insecure: false,
    useSystemProxy: false,
    retry: { retries: 2, minTimeoutMs: 0, maxTimeoutMs: 0 },
    clock: fixedClock(NOW_ISO),
    ...overrides,
  });
  onTestFinished(() => transport.close());
  return transport;
}

/**
 * Registers the hooks of a guarded MockAgent per test: `use` receives each test's fresh
 * MockAppliance; after the test every queued answer must have been used and the guard never hit.
 */
export function useGuardedMockAppliance(use: (dt: MockAppliance) => void): void {
  let guard: Awaited<ReturnType<typeof startGuard>>;
  let dt: MockAppliance;
  beforeAll(async () => {
    guard = await startGuard();
  });
  afterAll(() => guard.close());
  beforeEach(() => {
    dt = mockAppliance(guard.origin);
    use(dt);
  });
  afterEach(async () => {
    dt.agent.assertNoPendingInterceptors();
    await dt.agent.close();
    expect(guard.hits()).toBe(0);
  });
}
