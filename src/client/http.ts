// The one transport (STYLE.md §2, n8n's transport/index.ts): builds the dispatcher, signs and sends
// one request, classifies the answer, and applies the retry policy. It knows the base URL and the
// tokens, never a command. Redirects are never followed: the 302s to /login and /403 are the
// appliance's error signals (reference/darktrace-api.md §1.4, §2).
// Bounds (issue #12): every attempt has a deadline for the whole answer (headers and body), the
// call has one for all attempts and backoff together, every answer has a byte cap (body.ts), and a
// write is repeated only when it provably never left this host.
// Over 300 lines on purpose: the attempt, its deadlines, the retry and write policies and the
// date-form fallback share one call's state; the pure rules live beside it (body.ts, dispatcher.ts,
// write-policy.ts, date-format.ts, classify.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import type { Dispatcher } from 'undici';
import { systemClock, type Clock } from '../clock.js';
import { CancelledError, ClockSkewError, RateLimitedError, TimeoutError, type RequestContext } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import { DEFAULT_MAX_RESPONSE_BYTES, decodeBody, readCapped } from './body.js';
import { checkConnectionSettings, createDispatcher } from './dispatcher.js';
import { classifyFailure, interpretResponse, isRetryable, type Interpreted } from './classify.js';
import { leavesWriteUnknown, neverSent, unconfirmedWrite } from './write-policy.js';
import { BOTH_FORMS_REFUSED, DateFormatChoice } from './date-format.js';
import { DTAPI_DATE_FORMATS, endpointPath, signHeaders, type DtapiDateFormat, type PreparedRequest } from './signing.js';

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
  /** Per attempt: the whole answer, headers and every byte of the body, must arrive within this. */
  timeoutMs: number;
  /** Byte cap per answer (max_response_mb); DEFAULT_MAX_RESPONSE_BYTES when absent. */
  maxResponseBytes?: number;
  /** The whole call, all attempts and backoff; CALL_DEADLINE_FACTOR x timeoutMs when absent. */
  callDeadlineMs?: number;
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
const MAX_RETRY_AFTER_MS = 60_000;
/**
 * A call (all attempts and the backoff between them) ends after this many times the timeout: with
 * the default 30 s, 90 s. Enough for fast failures (refused, 503) to be retried a few times and for
 * one slow attempt to be followed by another, never an unbounded wait.
 */
const CALL_DEADLINE_FACTOR = 3;
/** The Date header has 1 s resolution; smaller differences are noise. */
const SKEW_NOISE_MS = 5_000;
/** Warn well before the appliance's 30-minute tolerance (§1.2) is reached. */
const SKEW_WARN_MS = 5 * 60_000;

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

/** What one send() knows across its attempts. */
interface CallState {
  readonly method: string;
  readonly path: string;
  readonly isWrite: boolean;
  /** performance.now() at which the whole call must be over. */
  readonly deadlineAt: number;
  readonly deadlineMs: number;
  /** Whether some attempt may have reached the appliance (anything but a failure before sending). */
  reached: boolean;
  /** A success body comes back as a ReceivedBody, parsed when the caller reads it (classify.ts). */
  readonly defer: boolean;
  /** The caller's cancel (the war room's Ctrl-C): aborts the attempt in flight and the retries. */
  readonly signal?: AbortSignal;
}

/** One exchange's outcome with the skew its Date header showed. */
type Exchange = Interpreted & { skewMs?: number };

export class HttpTransport {
  private closed = false;
  private readonly origin: string;
  private readonly prefix: string;
  /** Created at the first request (undici is loaded then); the injected one from the start. */
  private dispatcher: Promise<Dispatcher> | undefined;
  private readonly ownsDispatcher: boolean;
  private readonly retry: RetrySettings;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly maxBytes: number;
  private readonly callDeadlineMs: number;
  /** The DTAPI-Date form in use; switched at most once, on API DATE ERROR without skew. */
  private readonly dateFormat = new DateFormatChoice();

  // An ES private field, not a TypeScript `private`: util.inspect and JSON.stringify of a client
  // (a library user's console.log) never see the tokens it holds.
  readonly #s: ConnectionSettings;

  constructor(s: ConnectionSettings) {
    this.#s = s;
    // An injected dispatcher brings its own proxy settings: the variables are read only for ours.
    checkConnectionSettings({ ...s, useSystemProxy: s.useSystemProxy && s.dispatcher === undefined });
    const url = new URL(s.baseUrl);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.ownsDispatcher = s.dispatcher === undefined;
    this.dispatcher = s.dispatcher && Promise.resolve(s.dispatcher);
    this.retry = s.retry ?? DEFAULT_RETRY;
    this.clock = s.clock ?? systemClock;
    this.log = s.logger ?? silentLogger;
    this.maxBytes = s.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.callDeadlineMs = s.callDeadlineMs ?? CALL_DEADLINE_FACTOR * s.timeoutMs;
  }

  /** The DTAPI-Date form this client sends, and whether the appliance has accepted it yet. */
  get dtapiDate(): { format: DtapiDateFormat; pattern: string; confirmed: boolean } {
    return this.dateFormat.state;
  }

  /**
   * Sends with retries; resolves to the parsed JSON (null for an empty success; with `defer`, a
   * ReceivedBody still to be parsed), rejects with our errors. A POST is retried only after a
   * failure before sending; when its answer is lost it rejects with WriteUnconfirmedError, and the
   * caller reads the state back. `signal` (the operator's Ctrl-C) aborts the request in flight and
   * any further attempt: it rejects with CancelledError.
   */
  async send(prepared: PreparedRequest, signal?: AbortSignal, options: { defer?: boolean } = {}): Promise<unknown> {
    const method = prepared.method;
    // Log and report the endpoint path only: queries can carry user values (§ logging in STYLE.md).
    const path = endpointPath(prepared);
    if (signal?.aborted) throw new CancelledError();
    const call: CallState = {
      method,
      path,
      isWrite: method !== 'GET',
      deadlineAt: performance.now() + this.callDeadlineMs,
      deadlineMs: this.callDeadlineMs,
      reached: false,
      defer: options.defer === true,
      ...(signal ? { signal } : {}),
    };
    const callAbort = new AbortController();
    const callTimer = setTimeout(() => callAbort.abort(this.callTimeout(call)), this.callDeadlineMs);
    const cancel = () => callAbort.abort(new CancelledError());
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await pRetry((attempt) => this.attempt(prepared, attempt, call), {
        retries: this.retry.retries,
        minTimeout: this.retry.minTimeoutMs,
        maxTimeout: this.retry.maxTimeoutMs,
        factor: 2,
        randomize: false,
        signal: callAbort.signal,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft, retriesConsumed }) => {
          if (retriesLeft <= 0 || !isRetryable(error)) return;
          const backoff = backoffMs(this.retry, retriesConsumed);
          let delayMs = backoff;
          if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) {
            // p-retry sleeps `backoff` after this hook; top it up to what the appliance asked for.
            const wanted = Math.min(error.retryAfterMs, this.retry.maxTimeoutMs);
            if (wanted > backoff) {
              await sleep(wanted - backoff, undefined, { signal: callAbort.signal }).catch(() => {
                throw callAbort.signal.reason;
              });
              delayMs = wanted;
            }
          }
          const code = (error as { code?: string }).code;
          this.log.warn({ attempt: attemptNumber, delayMs, code, method, path }, 'retrying');
        },
      });
    } catch (err) {
      // Cancelled (between attempts p-retry rejects with the signal's reason): said as such.
      if (signal?.aborted) throw err instanceof CancelledError ? err : new CancelledError({ cause: err });
      // A write whose answer was lost is not repeated: the command reads the state back instead.
      if (call.isWrite && call.reached && leavesWriteUnknown(err)) throw unconfirmedWrite(call, err as Error);
      throw err;
    } finally {
      clearTimeout(callTimer);
      signal?.removeEventListener('abort', cancel);
    }
  }

  private callTimeout(call: CallState): TimeoutError {
    return new TimeoutError(
      `Darktrace did not complete ${call.method} ${call.path} within ${formatSeconds(call.deadlineMs)} including retries ` +
        `(${CALL_DEADLINE_FACTOR} x the timeout parameter): check the appliance's load and the network path, or raise timeout.`,
      { method: call.method, path: call.path },
    );
  }

  private async attempt(prepared: PreparedRequest, attempt: number, call: CallState): Promise<unknown> {
    let outcome = await this.exchange(prepared, attempt, call, this.dateFormat.current);
    const other = !outcome.ok && outcome.error instanceof ClockSkewError ? this.dateFormat.fallback(outcome.skewMs) : undefined;
    if (other !== undefined) {
      // The appliance refused the date before anything else, so sending again cannot apply a
      // write twice (darktrace-api.md §1.2, date-format.ts).
      const second = await this.exchange(prepared, attempt, call, other);
      if (second.ok || !(second.error instanceof ClockSkewError)) {
        this.log.warn({ refused: DTAPI_DATE_FORMATS[this.dateFormat.current], accepted: DTAPI_DATE_FORMATS[other] }, 'DTAPI-Date format switched');
        this.dateFormat.adopt(other);
      } else {
        second.error.message = BOTH_FORMS_REFUSED;
      }
      outcome = second;
    }
    if (!outcome.ok) {
      const error = outcome.error;
      const tooLong = error instanceof RateLimitedError && (error.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS;
      // An answered write is never repeated, whatever the status: the appliance saw it.
      throw isRetryable(error) && !tooLong && !call.isWrite ? error : new AbortError(error);
    }
    this.dateFormat.confirm();
    if (outcome.skewMs !== undefined && Math.abs(outcome.skewMs) > SKEW_WARN_MS) this.log.warn({ skewMs: outcome.skewMs }, 'clock skew');
    return outcome.value;
  }

  /**
   * One request and its whole answer, within min(timeout, what is left of the call). Transport
   * failures throw (AbortError when not to be retried); HTTP answers come back interpreted.
   */
  private async exchange(prepared: PreparedRequest, attempt: number, call: CallState, format: DtapiDateFormat): Promise<Exchange> {
    const { method, path } = call;
    const req: RequestContext = { method, path };
    const signed = signHeaders(prepared, { publicToken: this.#s.publicToken, privateToken: this.#s.privateToken }, this.clock, format);
    const redact = this.redactor(signed['DTAPI-Signature']);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...signed,
      ...(prepared.contentType ? { 'content-type': prepared.contentType } : {}),
    };
    const dispatcher = await (this.dispatcher ??= this.newDispatcher());
    const left = call.deadlineAt - performance.now();
    if (left <= 0) throw new AbortError(this.callTimeout(call));
    const budget = Math.min(this.#s.timeoutMs, left);
    const callBound = budget < this.#s.timeoutMs;
    // Our own timer bounds the whole answer; undici's headers/body timeouts only bound idle time
    // (a body trickling one byte a second never trips them). Aborting through `signal` destroys the
    // socket at once (measured on undici 7.30.2: the server sees the close within a millisecond of
    // the abort). The pool then opens one spare connection and closes it again within ~2 ms, the
    // same as after body.destroy(); nothing stays open or buffered.
    const abort = new AbortController();
    let gotHeaders = false;
    const timer = setTimeout(() => abort.abort(new Error('deadline')), budget);
    const cancel = () => abort.abort(new CancelledError());
    call.signal?.addEventListener('abort', cancel, { once: true });
    const started = performance.now();
    let status = 0;
    let responseHeaders: Record<string, string | string[] | undefined> = {};
    let bodyText: string;
    try {
      const res = await dispatcher.request({
        origin: this.origin,
        path: this.prefix + prepared.requestTarget,
        method,
        headers,
        body: prepared.body ?? null,
        signal: abort.signal,
        headersTimeout: this.#s.timeoutMs,
        bodyTimeout: this.#s.timeoutMs,
      });
      gotHeaders = true;
      status = res.statusCode;
      responseHeaders = res.headers;
      call.reached = true;
      bodyText = decodeBody(await readCapped(res.body, responseHeaders, this.maxBytes, { ...req, status }), this.maxBytes, { ...req, status });
    } catch (err) {
      if (call.signal?.aborted) throw new AbortError(new CancelledError({ cause: err }));
      let error = this.redact(classifyFailure(err, req), redact);
      if (abort.signal.aborted) error = callBound ? this.callTimeout(call) : this.slowAnswer(req, gotHeaders);
      if (!neverSent(err)) call.reached = true;
      this.log.debug({ method, path, attempt, ms: Math.round(performance.now() - started), code: error.code }, 'darktrace request');
      // A write is repeated only when it never left this host; after close() the connections are
      // gone on purpose, and retrying would only delay the caller.
      const again = isRetryable(error) && !this.closed && !callBound && (!call.isWrite || neverSent(err));
      throw again ? error : new AbortError(error);
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', cancel);
    }
    const now = this.clock.now();
    const skewMs = computeSkewMs(responseHeaders['date'], now);
    this.log.debug({ method, path, status, attempt, ms: Math.round(performance.now() - started) }, 'darktrace request');
    const result = interpretResponse(status, responseHeaders, bodyText, {
      method,
      path,
      now,
      redact,
      defer: call.defer,
      ...(skewMs === undefined ? {} : { skewMs }),
    });
    const out: Exchange = result.ok ? result : { ok: false, error: this.redact(result.error, redact) };
    return skewMs === undefined ? out : { ...out, skewMs };
  }

  /** After close() a request fails as it did on the closed dispatcher (undici's ClientDestroyedError). */
  private async newDispatcher(): Promise<Dispatcher> {
    const dispatcher = await createDispatcher(this.#s);
    if (this.closed) await dispatcher.destroy();
    return dispatcher;
  }

  private slowAnswer(req: RequestContext, gotHeaders: boolean): TimeoutError {
    const limit = formatSeconds(this.#s.timeoutMs);
    return new TimeoutError(
      gotHeaders
        ? `Darktrace's answer to ${req.method} ${req.path} was too slow: the whole answer did not arrive within the timeout ` +
            `of ${limit}. Ask for less (a shorter window, fewer results), or raise the timeout parameter.`
        : `Darktrace did not answer ${req.method} ${req.path} within the timeout of ${limit}: raise the timeout parameter, ` +
            `or check the appliance's load and the network path to it.`,
      req,
    );
  }

  /** Our tokens and this request's signature out of any text, longest first. */
  private redactor(signature: string): (text: string) => string {
    const secrets = [this.#s.publicToken, this.#s.privateToken, signature].filter((x) => x.length > 0).sort((a, b) => b.length - a.length);
    return (text) => secrets.reduce((t, secret) => (t.includes(secret) ? t.split(secret).join('[redacted]') : t), text);
  }

  /** Belt and braces: an appliance that echoes a token in its error text must not leak it into our message. */
  private redact<E extends Error>(error: E, redact: (text: string) => string): E {
    const clean = redact(error.message);
    if (clean !== error.message) error.message = clean;
    return error;
  }

  /**
   * Releases the connections. A request still in flight is abandoned, not awaited: by now its caller
   * has given up on it (a poller stopping on SIGTERM), and undici's close() would wait out the answer.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.ownsDispatcher && this.dispatcher) await (await this.dispatcher).destroy();
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
