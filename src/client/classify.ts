// The ONE place where undici failures, HTTP statuses and appliance bodies become our typed errors
// (STYLE.md "Classify once"). Rules follow reference/darktrace-api.md §2. Messages speak to a SOC
// analyst, name the instance parameter to check, and never carry a token, signature or DTAPI-*
// header: only the method and the path (without its query) go into the RequestContext.
import {
  AuthError,
  BadResponseError,
  ClockSkewError,
  ConfigError,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  RejectedError,
  ServerError,
  TimeoutError,
  TlsError,
  isDarktraceSoarError,
  type DarktraceSoarError,
  type RequestContext,
} from '../errors.js';
import { parseKeepingElementTexts, ReceivedBody } from './received-json.js';

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface ResponseContext {
  method: string;
  path: string;
  /** localNow - appliance Date header, already rounded to 0 when under the header's resolution. */
  skewMs?: number;
  /** Local epoch ms, only to turn an HTTP-date Retry-After into a delay when the answer has no Date. */
  now?: number;
  /**
   * Removes our tokens and signature from appliance text before it is cut to length and put into a
   * message: redacting after truncation would let a token's prefix through (issue #12 point 9).
   */
  redact?: (text: string) => string;
  /**
   * A success body is handed back unparsed, as a ReceivedBody read when the caller is ready: the
   * fetch asks for its next slice between receiving an answer and reading it.
   */
  defer?: boolean;
}

export type Interpreted = { ok: true; value: unknown } | { ok: false; error: Error };

// The login page a followed redirect lands on (§2, XM checks this title).
const LOGIN_TITLE = /<title>\s*Log In \| Darktrace\s*<\/title>/i;
const MAX_TEXT = 200;

function header(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function tryJson(text: string, parse: (text: string) => unknown = JSON.parse): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The string values of a JSON error body: `{"error":"API DATE ERROR"}` or a bare string (§2: key inferred). */
function stringValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.values(value).filter((v): v is string => typeof v === 'string');
  }
  return [];
}

/** The appliance's own error text, short and single-line, for RejectedError/NotFoundError messages. */
function errorText(rawBodyText: string, redact: (text: string) => string = (t) => t): string | undefined {
  const bodyText = redact(rawBodyText);
  const parsed = tryJson(bodyText);
  let text: string | undefined;
  if (parsed.ok) {
    const v = parsed.value;
    const obj = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    const preferred = obj?.['error'] ?? obj?.['message'] ?? obj?.['response'];
    text = typeof preferred === 'string' ? preferred : stringValues(v)[0];
  } else if (!/^\s*</.test(bodyText)) {
    text = bodyText;
  }
  text = text?.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}...` : text;
}

/** Retry-After as a delay: delta-seconds, or an HTTP date measured against the appliance's own Date. */
export function parseRetryAfter(headers: ResponseHeaders, now?: number): number | undefined {
  const raw = header(headers, 'retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const at = Date.parse(raw);
  if (!Number.isFinite(at)) return undefined;
  const serverNow = Date.parse(header(headers, 'date') ?? '');
  const base = Number.isFinite(serverNow) ? serverNow : now;
  return base === undefined ? undefined : Math.max(0, at - base);
}

function redirectError(status: number, headers: ResponseHeaders, bodyText: string, req: RequestContext): Error {
  const target = `${header(headers, 'location') ?? ''} ${bodyText}`;
  if (/\/403\b/.test(target)) {
    return new PermissionError(
      `Darktrace refused ${req.method} ${req.path}: the API token lacks the permission for this endpoint ` +
        `(the appliance redirected to /403). Grant the token's user the permission listed in the Darktrace API guide.`,
      req,
    );
  }
  if (/\/login\b/.test(target)) {
    return new AuthError(
      `Darktrace redirected ${req.method} ${req.path} to its login page: the public_api_token is not known to the ` +
        `appliance, or this endpoint is not available on its version. Check public_api_token and the url parameter.`,
      req,
    );
  }
  return new BadResponseError(
    `Darktrace answered ${req.method} ${req.path} with an unexpected redirect (HTTP ${status}): ` +
      `check that the url parameter points at the appliance itself, not a proxy or portal.`,
    req,
  );
}

/**
 * A success body's JSON value, or why it has none: the login page (an invalid response whose
 * message still points at the likely cause: XM maps this page to a privilege error, because a proxy
 * followed the appliance's redirect), or anything else that is not JSON.
 */
function successValue(bodyText: string, req: RequestContext): Interpreted {
  // A list's records keep the text they came as: the fetch's rawJSON (received-json.ts).
  const parsed = tryJson(bodyText, parseKeepingElementTexts);
  if (parsed.ok) return parsed;
  if (LOGIN_TITLE.test(bodyText)) {
    return {
      ok: false,
      error: new BadResponseError(
        `Darktrace answered ${req.method} ${req.path} with its login page instead of data: the API token was not ` +
          `accepted for this endpoint or lacks the permission. Check public_api_token and the token user's permissions.`,
        req,
      ),
    };
  }
  return {
    ok: false,
    error: new BadResponseError(
      `Darktrace answered ${req.method} ${req.path} with something that is not JSON: check that the url parameter ` +
        `points at the appliance's API, not a proxy or portal page.`,
      req,
    ),
  };
}

/** Status + body -> parsed JSON (or, with `defer`, the body to parse later) or our error. */
export function interpretResponse(status: number, headers: ResponseHeaders, bodyText: string, ctx: ResponseContext): Interpreted {
  const req: RequestContext = { method: ctx.method, path: ctx.path, status };
  const fail = (error: Error): Interpreted => ({ ok: false, error });

  if (status >= 200 && status < 300) {
    // XSOAR accepts 204; an empty success body is "no content", not malformed JSON.
    if (status === 204 || bodyText.trim() === '') return { ok: true, value: null };
    if (ctx.defer) return { ok: true, value: new ReceivedBody(bodyText, () => successValue(bodyText, req)) };
    return successValue(bodyText, req);
  }

  if (status >= 300 && status < 400) return fail(redirectError(status, headers, bodyText, req));

  if (status === 400) {
    const parsed = tryJson(bodyText);
    const values = parsed.ok ? stringValues(parsed.value) : [bodyText.trim()];
    if (values.includes('API SIGNATURE ERROR')) {
      return fail(new AuthError("Darktrace rejected the API signature: check public_api_token and private_api_token (and this host's clock).", req));
    }
    if (values.includes('API DATE ERROR')) {
      // Under the Date header's 1 s resolution the skew is unknown; say so rather than "0 seconds".
      return fail(new ClockSkewError(ctx.skewMs ? ctx.skewMs : undefined, req));
    }
  }
  if (status === 401) {
    return fail(new AuthError(`Darktrace refused ${req.method} ${req.path} as unauthenticated (HTTP 401): check public_api_token and private_api_token.`, req));
  }
  if (status === 403) {
    return fail(new PermissionError(`Darktrace refused ${req.method} ${req.path} (HTTP 403): the API token lacks the permission for this endpoint.`, req));
  }
  if (status === 404) {
    const text = errorText(bodyText, ctx.redact);
    return fail(new NotFoundError(`Darktrace found nothing at ${req.method} ${req.path}${text ? ` (${text})` : ''}: check the id or name you gave.`, req));
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers, ctx.now);
    return fail(
      new RateLimitedError(
        `Darktrace is rate-limiting requests (HTTP 429 on ${req.method} ${req.path})` +
          `${retryAfterMs === undefined ? '' : `, asking to wait ${Math.ceil(retryAfterMs / 1000)} s`}: try again later or fetch less often.`,
        retryAfterMs,
        req,
      ),
    );
  }
  if (status >= 500) {
    return fail(
      new ServerError(`Darktrace failed to answer ${req.method} ${req.path} (HTTP ${status}): the appliance may be busy or restarting; try again later.`, req),
    );
  }
  const text = errorText(bodyText, ctx.redact);
  return fail(new RejectedError(`Darktrace rejected ${req.method} ${req.path} (HTTP ${status}${text ? `: ${text}` : ''}): check the arguments you gave.`, req));
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_NOT_YET_VALID',
]);

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  cause?: unknown;
}

function asErrorLike(value: unknown): ErrorLike | undefined {
  return value !== null && typeof value === 'object' ? (value as ErrorLike) : undefined;
}

/** undici puts the code on the error itself (request) or on its cause (fetch): read both (toolchain.md §4). */
export function failureCode(err: unknown): string | undefined {
  const e = asErrorLike(err);
  const code = e?.code ?? asErrorLike(e?.cause)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isTimeoutName(err: unknown): boolean {
  const e = asErrorLike(err);
  return e?.name === 'TimeoutError' || asErrorLike(e?.cause)?.name === 'TimeoutError';
}

/** A transport failure (no HTTP answer) -> our error, original kept as `cause`. */
export function classifyFailure(err: unknown, ctx: { method: string; path: string }): DarktraceSoarError {
  if (isDarktraceSoarError(err)) return err;
  const req: RequestContext = { method: ctx.method, path: ctx.path };
  const options = { cause: err };
  const code = failureCode(err);
  if (isTimeoutName(err) || (code !== undefined && TIMEOUT_CODES.has(code))) {
    return new TimeoutError(
      `Darktrace did not answer ${req.method} ${req.path} in time${code ? ` (${code})` : ''}: ` +
        `raise the timeout parameter, or check the appliance's load and the network path to it.`,
      req,
      options,
    );
  }
  if (code !== undefined && (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))) {
    return new TlsError(
      `The Darktrace appliance's TLS certificate was not accepted (${code}): install the appliance's CA on this host ` +
        `or fix the certificate; set insecure: true only for a test appliance.`,
      req,
      options,
    );
  }
  if (code === 'UND_ERR_INVALID_ARG') {
    // undici refuses the request before sending it: a header value it cannot put on the wire. The
    // transport checks the tokens first (naming the parameter); this is the backstop.
    return new ConfigError(
      [
        {
          parameter: 'url, public_api_token',
          message: 'the request could not be built from these values (a line break or control character?); nothing was sent',
        },
      ],
      options,
    );
  }
  if (code === 'UND_ERR_ABORTED') {
    return new NetworkError(
      `The request to Darktrace was aborted (${code}), often by a proxy refusing the connection: ` +
        `check the url parameter and the proxy settings (the proxy parameter, HTTPS_PROXY, NO_PROXY).`,
      req,
      options,
    );
  }
  // ECONNREFUSED, ENOTFOUND, EAI_AGAIN, ECONNRESET, EPIPE, UND_ERR_SOCKET and anything unknown.
  return new NetworkError(
    `Could not reach the Darktrace appliance (${code ?? 'connection failed'}): check the url parameter, ` +
      `DNS, and the firewall between this host and the appliance.`,
    req,
    options,
  );
}

/** The retry policy reads the class: network, timeout, 5xx and 429 are worth another attempt. */
export function isRetryable(err: unknown): boolean {
  return (
    // ENOTFOUND: the DNS name does not exist (a typo in url); asking again gives the same answer.
    (err instanceof NetworkError && !hasCode(err, 'ENOTFOUND')) || err instanceof TimeoutError || err instanceof ServerError || err instanceof RateLimitedError
  );
}

/** Whether `code` is the errno of the error or of one of its causes (undici nests the DNS error). */
function hasCode(err: unknown, code: string): boolean {
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === code) return true;
  }
  return false;
}
