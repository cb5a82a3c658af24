// The one transport (STYLE.md §2, n8n's transport/index.ts): builds the dispatcher, signs and sends
// one request, classifies the answer, and applies the retry policy. It knows the base URL and the
// tokens, never a command. Redirects are never followed: the 302s to /login and /403 are the
// appliance's error signals (reference/darktrace-api.md §1.4, §2).
import pRetry, { AbortError } from 'p-retry';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { systemClock, type Clock } from '../clock.js';
import { CancelledError, RateLimitedError } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import { classifyFailure, interpretResponse, isRetryable } from './classify.js';
import { endpointPath, signHeaders, type PreparedRequest } from './signing.js';

export interface RetrySettings {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

export interface ConnectionSettings {
  /** May carry a port and a path prefix (reverse proxy); the prefix is sent but not signed (§1.3 item 1). */
  baseUrl: string;
  publicToken: string;
  privateToken: string;
  /** Per attempt, headers and body together. */
  timeoutMs: number;
  /** Skip TLS verification (test appliances only). */
  insecure: boolean;
  /** Honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  useSystemProxy: boolean;
  /** Extra CA to trust (tests, private PKI). */
  ca?: string | Buffer;
  retry?: RetrySettings;
  clock?: Clock;
  logger?: Logger;
  /** Injected dispatcher (MockAgent in tests); the transport then does not close it. */
  dispatcher?: Dispatcher;
}

export const DEFAULT_RETRY: RetrySettings = { retries: 3, minTimeoutMs: 500, maxTimeoutMs: 10_000 };
/** A Retry-After longer than this is not slept through: the command fails with DT_RATE_LIMITED. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** The Date header has 1 s resolution; smaller differences are noise. */
const SKEW_NOISE_MS = 5_000;
/** Warn well before the appliance's 30-minute tolerance (§1.2) is reached. */
const SKEW_WARN_MS = 5 * 60_000;

export function createDispatcher(s: Pick<ConnectionSettings, 'insecure' | 'useSystemProxy' | 'timeoutMs' | 'ca'>): Dispatcher {
  const tls = { ...(s.insecure ? { rejectUnauthorized: false } : {}), ...(s.ca !== undefined ? { ca: s.ca } : {}) };
  const common = { headersTimeout: s.timeoutMs, bodyTimeout: s.timeoutMs, connectTimeout: Math.min(s.timeoutMs, 10_000) };
  // A ProxyAgent ignores `connect` for the target's TLS; `requestTls` covers the tunnelled
  // connection and `connect` the NO_PROXY direct ones, so both are needed (toolchain.md §4).
  return s.useSystemProxy
    ? new EnvHttpProxyAgent({ ...common, connect: tls, requestTls: tls })
    : new Agent({ ...common, connect: tls });
}

/** localNow - appliance Date; undefined without a usable header, 0 under the header's resolution. */
export function computeSkewMs(dateHeader: string | string[] | undefined, localNow: number): number | undefined {
  const value = Array.isArray(dateHeader) ? dateHeader[0] : dateHeader;
  if (!value) return undefined;
  const remote = Date.parse(value);
  if (!Number.isFinite(remote)) return undefined;
  const skew = localNow - remote;
  return Math.abs(skew) < SKEW_NOISE_MS ? 0 : skew;
}

/** The delay p-retry will sleep after `retriesConsumed` retries (p-retry 7 calculateDelay, factor 2, no randomize). */
function backoffMs(retry: RetrySettings, retriesConsumed: number): number {
  return Math.min(Math.round(retry.minTimeoutMs * 2 ** retriesConsumed), retry.maxTimeoutMs);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class HttpTransport {
  private closed = false;
  private readonly origin: string;
  private readonly prefix: string;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly retry: RetrySettings;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(private readonly s: ConnectionSettings) {
    const url = new URL(s.baseUrl);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.ownsDispatcher = s.dispatcher === undefined;
    this.dispatcher = s.dispatcher ?? createDispatcher(s);
    this.retry = s.retry ?? DEFAULT_RETRY;
    this.clock = s.clock ?? systemClock;
    this.log = s.logger ?? silentLogger;
  }

  /**
   * Sends with retries; resolves to the parsed JSON (null for an empty success), rejects with our
   * errors. `signal` (the operator's Ctrl-C) aborts the request in flight and any further attempt:
   * it rejects with CancelledError.
   */
  async send(prepared: PreparedRequest, signal?: AbortSignal): Promise<unknown> {
    const method = prepared.method;
    // Log and report the endpoint path only: queries can carry user values (§ logging in STYLE.md).
    const path = endpointPath(prepared);
    if (signal?.aborted) throw new CancelledError();
    try {
      return await pRetry((attempt) => this.attempt(prepared, attempt, signal), {
        ...(signal ? { signal } : {}),
        retries: this.retry.retries,
        minTimeout: this.retry.minTimeoutMs,
        maxTimeout: this.retry.maxTimeoutMs,
        factor: 2,
        randomize: false,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft, retriesConsumed }) => {
          if (retriesLeft <= 0 || !isRetryable(error)) return;
          const backoff = backoffMs(this.retry, retriesConsumed);
          let delayMs = backoff;
          if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) {
            // p-retry sleeps `backoff` after this hook; top it up to what the appliance asked for.
            const wanted = Math.min(error.retryAfterMs, this.retry.maxTimeoutMs);
            if (wanted > backoff) {
              await sleep(wanted - backoff);
              delayMs = wanted;
            }
          }
          const code = (error as { code?: string }).code;
          this.log.warn({ attempt: attemptNumber, delayMs, code, method, path }, 'retrying');
        },
      });
    } catch (err) {
      // p-retry rejects with the signal's reason when the cancel came between attempts.
      if (signal?.aborted && !(err instanceof CancelledError)) throw new CancelledError({ cause: err });
      throw err;
    }
  }

  private async attempt(prepared: PreparedRequest, attempt: number, signal?: AbortSignal): Promise<unknown> {
    const { method } = prepared;
    const path = endpointPath(prepared);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...signHeaders(prepared, { publicToken: this.s.publicToken, privateToken: this.s.privateToken }, this.clock),
      ...(prepared.contentType ? { 'content-type': prepared.contentType } : {}),
    };
    const started = performance.now();
    let status: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let bodyText: string;
    try {
      const res = await this.dispatcher.request({
        origin: this.origin,
        path: this.prefix + prepared.requestTarget,
        method,
        headers,
        body: prepared.body ?? null,
        // No AbortSignal deadline: aborting made undici open a second, idle connection to the
        // appliance (measured on 7.30.2). headers/body timeouts here plus the dispatcher's
        // connectTimeout bound each attempt, to within undici's ~1 s timer resolution.
        headersTimeout: this.s.timeoutMs,
        bodyTimeout: this.s.timeoutMs,
        // Only the caller's cancel, never a deadline: a cancelled command's connection is worth losing.
        ...(signal ? { signal } : {}),
      });
      status = res.statusCode;
      responseHeaders = res.headers;
      bodyText = await res.body.text();
    } catch (err) {
      if (signal?.aborted) throw new AbortError(new CancelledError({ cause: err }));
      const error = this.redact(classifyFailure(err, { method, path }));
      this.log.debug({ method, path, attempt, ms: Math.round(performance.now() - started), code: error.code }, 'darktrace request');
      // After close() the connections are gone on purpose: retrying would only delay the caller.
      throw isRetryable(error) && !this.closed ? error : new AbortError(error);
    }
    const ms = Math.round(performance.now() - started);
    const now = this.clock.now();
    const skewMs = computeSkewMs(responseHeaders['date'], now);
    this.log.debug({ method, path, status, attempt, ms }, 'darktrace request');
    const result = interpretResponse(status, responseHeaders, bodyText, { method, path, now, ...(skewMs === undefined ? {} : { skewMs }) });
    if (!result.ok) {
      const error = this.redact(result.error);
      const tooLong = error instanceof RateLimitedError && (error.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS;
      throw isRetryable(error) && !tooLong ? error : new AbortError(error);
    }
    if (skewMs !== undefined && Math.abs(skewMs) > SKEW_WARN_MS) this.log.warn({ skewMs }, 'clock skew');
    return result.value;
  }

  /** Belt and braces: an appliance that echoes a token in its error text must not leak it into our message. */
  private redact<E extends Error>(error: E): E {
    for (const secret of [this.s.publicToken, this.s.privateToken]) {
      if (secret && error.message.includes(secret)) error.message = error.message.split(secret).join('[redacted]');
    }
    return error;
  }

  /**
   * Releases the connections. A request still in flight is abandoned, not awaited: by now its caller
   * has given up on it (a poller stopping on SIGTERM), and undici's close() would wait out the answer.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.ownsDispatcher) await this.dispatcher.destroy();
  }
}
