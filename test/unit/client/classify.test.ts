import { errors as undiciErrors } from 'undici';
import { describe, expect, it } from 'vitest';
import { classifyFailure, interpretResponse, isRetryable, parseRetryAfter, type ResponseContext, type ResponseHeaders } from '../../../src/client/classify.js';
import { ReceivedBody } from '../../../src/client/received-json.js';
import { leavesWriteUnknown, neverSent } from '../../../src/client/write-policy.js';
import {
  AuthError,
  BadResponseError,
  ClockSkewError,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  RejectedError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  TlsError,
} from '../../../src/errors.js';

const ctx = { method: 'GET', path: '/modelbreaches' };

/** interpretResponse's decision alone: undefined for a success, else the error. */
function classifyResponse(status: number, headers: ResponseHeaders, bodyText: string, context: ResponseContext): Error | undefined {
  const result = interpretResponse(status, headers, bodyText, context);
  return result.ok ? undefined : result.error;
}
const LOGIN_PAGE = '<!DOCTYPE html><html><head><title>Log In | Darktrace</title></head><body>form</body></html>';

describe('classifyResponse', () => {
  it.each([
    { name: '200 JSON is success', status: 200, headers: {}, body: '[{"pbid":1}]', want: undefined, code: undefined },
    { name: '200 empty body is success', status: 200, headers: {}, body: '', want: undefined, code: undefined },
    { name: '204 is success', status: 204, headers: {}, body: '', want: undefined, code: undefined },
    { name: '400 API SIGNATURE ERROR', status: 400, headers: {}, body: '{"error":"API SIGNATURE ERROR"}', want: AuthError, code: 'DT_AUTH' },
    { name: '400 signature error under another key', status: 400, headers: {}, body: '{"msg":"API SIGNATURE ERROR"}', want: AuthError, code: 'DT_AUTH' },
    { name: '400 API DATE ERROR', status: 400, headers: {}, body: '{"error":"API DATE ERROR"}', want: ClockSkewError, code: 'DT_CLOCK_SKEW' },
    { name: '400 INPUT ERROR', status: 400, headers: {}, body: '{"error":"INPUT ERROR"}', want: RejectedError, code: 'DT_REJECTED' },
    { name: '302 to /login', status: 302, headers: { location: '/login' }, body: 'Found. Redirecting to /login', want: AuthError, code: 'DT_AUTH' },
    { name: '302 body /login without location', status: 302, headers: {}, body: 'Found. Redirecting to /login', want: AuthError, code: 'DT_AUTH' },
    { name: '302 to /403', status: 302, headers: { location: '/403' }, body: 'Found. Redirecting to /403', want: PermissionError, code: 'DT_PERMISSION' },
    { name: '301 elsewhere', status: 301, headers: { location: 'https://portal.example/' }, body: '', want: BadResponseError, code: 'DT_BAD_RESPONSE' },
    { name: '401', status: 401, headers: {}, body: '', want: AuthError, code: 'DT_AUTH' },
    { name: '403', status: 403, headers: {}, body: 'Forbidden', want: PermissionError, code: 'DT_PERMISSION' },
    { name: '404', status: 404, headers: {}, body: '{"error":"No such breach"}', want: NotFoundError, code: 'DT_NOT_FOUND' },
    { name: '429', status: 429, headers: { 'retry-after': '3' }, body: '', want: RateLimitedError, code: 'DT_RATE_LIMITED' },
    { name: '500', status: 500, headers: {}, body: 'oops', want: ServerError, code: 'DT_SERVER' },
    { name: '503', status: 503, headers: {}, body: '', want: ServerError, code: 'DT_SERVER' },
    { name: '422 other 4xx', status: 422, headers: {}, body: 'bad', want: RejectedError, code: 'DT_REJECTED' },
    { name: '200 login page', status: 200, headers: { 'content-type': 'text/html' }, body: LOGIN_PAGE, want: BadResponseError, code: 'DT_BAD_RESPONSE' },
    {
      name: '200 other HTML',
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html>proxy</html>',
      want: BadResponseError,
      code: 'DT_BAD_RESPONSE',
    },
    { name: '200 malformed JSON', status: 200, headers: {}, body: '{"pbid":', want: BadResponseError, code: 'DT_BAD_RESPONSE' },
  ])('$name', ({ status, headers, body, want, code }) => {
    const err = classifyResponse(status, headers, body, ctx);
    if (want === undefined) {
      expect(err).toBeUndefined();
      return;
    }
    expect(err).toBeInstanceOf(want);
    expect((err as unknown as { code: string }).code).toBe(code);
    expect((err as { request?: unknown }).request).toEqual({ method: 'GET', path: '/modelbreaches', status });
  });

  it.each([
    {
      name: 'signature',
      body: '{"error":"API SIGNATURE ERROR"}',
      text: "Darktrace rejected the API signature: check public_api_token and private_api_token (and this host's clock).",
    },
    { name: 'not JSON', body: 'hello', text: 'Darktrace answered GET /modelbreaches with something that is not JSON' },
    { name: 'login page', body: LOGIN_PAGE, text: 'answered GET /modelbreaches with its login page' },
  ])('message: $name', ({ body, text }) => {
    const status = body.startsWith('{') ? 400 : 200;
    expect(classifyResponse(status, {}, body, ctx)?.message).toContain(text);
  });

  it('INPUT ERROR text reaches the analyst', () => {
    expect(classifyResponse(400, {}, '{"error":"INPUT ERROR"}', ctx)?.message).toBe(
      'Darktrace rejected GET /modelbreaches (HTTP 400: INPUT ERROR): check the arguments you gave.',
    );
  });

  it('302 /403 names the missing permission', () => {
    expect(classifyResponse(302, { location: '/403' }, '', ctx)?.message).toContain('the API token lacks the permission');
  });

  it.each([
    { name: 'host ahead by 45 minutes', skewMs: 45 * 60_000, want: 45 * 60_000, text: '45 minutes ahead of the appliance' },
    { name: 'host behind by 2 hours', skewMs: -2 * 3_600_000, want: -2 * 3_600_000, text: '2 hours behind the appliance' },
    { name: 'skew under resolution is unknown', skewMs: 0, want: undefined, text: 'differ by more than 30 minutes' },
    { name: 'no Date header', skewMs: undefined, want: undefined, text: 'differ by more than 30 minutes' },
  ])('API DATE ERROR: $name', ({ skewMs, want, text }) => {
    const err = classifyResponse(400, {}, '{"error":"API DATE ERROR"}', { ...ctx, ...(skewMs === undefined ? {} : { skewMs }) });
    expect(err).toBeInstanceOf(ClockSkewError);
    expect((err as ClockSkewError).skewMs).toBe(want);
    expect(err?.message).toContain(text);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    { name: 'seconds', headers: { 'retry-after': '7' }, now: undefined, want: 7000 },
    { name: 'zero', headers: { 'retry-after': '0' }, now: undefined, want: 0 },
    { name: 'absent', headers: {}, now: undefined, want: undefined },
    { name: 'garbage', headers: { 'retry-after': 'soon' }, now: undefined, want: undefined },
    {
      name: 'HTTP date against the appliance Date',
      headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:30 GMT', date: 'Wed, 21 Oct 2015 07:28:00 GMT' },
      now: 0,
      want: 30_000,
    },
    { name: 'HTTP date against local now', headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:30 GMT' }, now: Date.parse('2015-10-21T07:28:20Z'), want: 10_000 },
    { name: 'HTTP date in the past', headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:30 GMT' }, now: Date.parse('2015-10-21T08:00:00Z'), want: 0 },
  ])('$name', ({ headers, now, want }) => expect(parseRetryAfter(headers, now)).toBe(want));

  it('RateLimitedError carries retryAfterMs', () => {
    const err = classifyResponse(429, { 'retry-after': '12' }, '', ctx) as RateLimitedError;
    expect(err.retryAfterMs).toBe(12_000);
    expect(err.message).toContain('asking to wait 12 s');
  });
});

const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });
const wrapped = (code: string): Error => new TypeError('fetch failed', { cause: withCode(code) });

describe('classifyFailure', () => {
  it.each([
    { name: 'ECONNREFUSED', err: withCode('ECONNREFUSED'), want: NetworkError, param: 'url parameter' },
    { name: 'ENOTFOUND', err: withCode('ENOTFOUND'), want: NetworkError, param: 'url parameter' },
    { name: 'EAI_AGAIN', err: withCode('EAI_AGAIN'), want: NetworkError, param: 'url parameter' },
    { name: 'ECONNRESET', err: withCode('ECONNRESET'), want: NetworkError, param: 'url parameter' },
    { name: 'EPIPE', err: withCode('EPIPE'), want: NetworkError, param: 'url parameter' },
    { name: 'UND_ERR_SOCKET', err: new undiciErrors.SocketError('other side closed'), want: NetworkError, param: 'url parameter' },
    { name: 'fetch-wrapped ECONNREFUSED', err: wrapped('ECONNREFUSED'), want: NetworkError, param: 'url parameter' },
    { name: 'UND_ERR_ABORTED (proxy 407)', err: new undiciErrors.RequestAbortedError('Proxy response (407)'), want: NetworkError, param: 'proxy' },
    { name: 'unknown error', err: new Error('weird'), want: NetworkError, param: 'url parameter' },
    { name: 'UND_ERR_HEADERS_TIMEOUT', err: new undiciErrors.HeadersTimeoutError(), want: TimeoutError, param: 'timeout parameter' },
    { name: 'UND_ERR_BODY_TIMEOUT', err: new undiciErrors.BodyTimeoutError(), want: TimeoutError, param: 'timeout parameter' },
    { name: 'UND_ERR_CONNECT_TIMEOUT', err: new undiciErrors.ConnectTimeoutError(), want: TimeoutError, param: 'timeout parameter' },
    {
      name: 'AbortSignal.timeout DOMException',
      err: new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      want: TimeoutError,
      param: 'timeout parameter',
    },
    { name: 'wrapped headers timeout', err: wrapped('UND_ERR_HEADERS_TIMEOUT'), want: TimeoutError, param: 'timeout parameter' },
    { name: 'DEPTH_ZERO_SELF_SIGNED_CERT', err: withCode('DEPTH_ZERO_SELF_SIGNED_CERT'), want: TlsError, param: 'insecure: true' },
    { name: 'SELF_SIGNED_CERT_IN_CHAIN', err: withCode('SELF_SIGNED_CERT_IN_CHAIN'), want: TlsError, param: 'insecure: true' },
    { name: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', err: withCode('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), want: TlsError, param: 'insecure: true' },
    { name: 'CERT_HAS_EXPIRED', err: withCode('CERT_HAS_EXPIRED'), want: TlsError, param: 'insecure: true' },
    { name: 'ERR_TLS_CERT_ALTNAME_INVALID', err: withCode('ERR_TLS_CERT_ALTNAME_INVALID'), want: TlsError, param: 'insecure: true' },
    { name: 'ERR_SSL_WRONG_VERSION_NUMBER', err: withCode('ERR_SSL_WRONG_VERSION_NUMBER'), want: TlsError, param: 'insecure: true' },
  ])('$name', ({ err, want, param }) => {
    const got = classifyFailure(err, { method: 'POST', path: '/intelfeed' });
    expect(got).toBeInstanceOf(want);
    expect(got.message).toContain(param);
    expect(got.cause).toBe(err);
    expect((got as { request?: unknown }).request).toEqual({ method: 'POST', path: '/intelfeed' });
  });

  it('UND_ERR_INVALID_ARG (a value undici cannot put on the wire) is a configuration error', () => {
    const got = classifyFailure(new undiciErrors.InvalidArgumentError('invalid dtapi-token header'), ctx);
    expect(got).toMatchObject({ code: 'DT_CONFIG_INVALID', exitCode: 2 });
    expect(got.message).toContain('url, public_api_token: the request could not be built');
    expect(isRetryable(got)).toBe(false);
  });

  it('passes our own errors through unchanged', () => {
    const ours = new ServerError('x');
    expect(classifyFailure(ours, ctx)).toBe(ours);
  });

  it('TLS advice limits insecure to test appliances', () => {
    expect(classifyFailure(withCode('DEPTH_ZERO_SELF_SIGNED_CERT'), ctx).message).toBe(
      "The Darktrace appliance's TLS certificate was not accepted (DEPTH_ZERO_SELF_SIGNED_CERT): install the appliance's CA " +
        'on this host or fix the certificate; set insecure: true only for a test appliance.',
    );
  });
});

describe('isRetryable', () => {
  const dnsFailure = (code: string) => Object.assign(new Error(`getaddrinfo ${code} dt.example`), { code, syscall: 'getaddrinfo' });
  it.each([
    {
      name: 'connection refused is worth another attempt',
      err: new Error('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }),
      want: true,
    },
    { name: 'a DNS name that does not exist is not (ENOTFOUND)', err: dnsFailure('ENOTFOUND'), want: false },
    { name: 'ENOTFOUND nested as the cause is not either', err: new Error('fetch failed', { cause: dnsFailure('ENOTFOUND') }), want: false },
    { name: 'a DNS server that is down for now is (EAI_AGAIN)', err: dnsFailure('EAI_AGAIN'), want: true },
  ])('$name', ({ err, want }) => {
    const classified = classifyFailure(err, { method: 'GET', path: '/status' });
    expect(classified).toBeInstanceOf(NetworkError);
    expect(isRetryable(classified)).toBe(want);
  });
});

describe('write policy', () => {
  it.each([
    { name: 'ECONNREFUSED', err: withCode('ECONNREFUSED'), want: true },
    { name: 'ENOTFOUND', err: withCode('ENOTFOUND'), want: true },
    { name: 'EAI_AGAIN', err: withCode('EAI_AGAIN'), want: true },
    { name: 'connect timeout', err: new undiciErrors.ConnectTimeoutError(), want: true },
    { name: 'fetch-wrapped ECONNREFUSED', err: wrapped('ECONNREFUSED'), want: true },
    { name: 'ECONNRESET (after sending)', err: withCode('ECONNRESET'), want: false },
    { name: 'socket closed', err: new undiciErrors.SocketError('other side closed'), want: false },
    { name: 'headers timeout', err: new undiciErrors.HeadersTimeoutError(), want: false },
    { name: 'no code', err: new Error('weird'), want: false },
  ])('neverSent: $name -> $want', ({ err, want }) => expect(neverSent(err)).toBe(want));

  it.each([
    { name: 'timeout', err: new TimeoutError('x'), want: true },
    { name: 'network', err: new NetworkError('x'), want: true },
    { name: '5xx', err: new ServerError('x'), want: true },
    { name: 'unreadable answer', err: new BadResponseError('x'), want: true },
    { name: 'too large', err: new ResponseTooLargeError(1, 2, 'streamed', ctx), want: true },
    { name: 'rejected', err: new RejectedError('x'), want: false },
    { name: 'permission', err: new PermissionError('x'), want: false },
    { name: 'auth', err: new AuthError('x'), want: false },
    { name: 'rate limited', err: new RateLimitedError('x', undefined), want: false },
  ])('leavesWriteUnknown: $name -> $want', ({ err, want }) => expect(leavesWriteUnknown(err)).toBe(want));
});

describe('interpretResponse with defer (the fetch reads an answer after asking for the next)', () => {
  const deferred = { ...ctx, defer: true };

  it('hands a success body back unparsed; reading it gives what an undeferred answer gives', () => {
    const body = '[{"pbid":1},{"pbid":2}]';
    const result = interpretResponse(200, {}, body, deferred);
    expect(result.ok && result.value).toBeInstanceOf(ReceivedBody);
    const received = (result as { value: ReceivedBody }).value;
    expect(received.length).toBe(body.length);
    expect(received.value()).toEqual(interpretResponse(200, {}, body, ctx).ok && JSON.parse(body));
  });

  it.each([
    { name: 'the login page', body: LOGIN_PAGE, message: /with its login page instead of data/ },
    { name: 'text that is not JSON', body: 'Service Unavailable', message: /with something that is not JSON/ },
  ])('throws, when read, the error an undeferred answer gives for $name', ({ body, message }) => {
    const result = interpretResponse(200, {}, body, deferred);
    const undeferred = interpretResponse(200, {}, body, ctx);
    expect(undeferred.ok).toBe(false);
    expect(() => (result as { value: ReceivedBody }).value.value()).toThrow(BadResponseError);
    expect(() => (result as { value: ReceivedBody }).value.value()).toThrow(message);
  });

  it('leaves "no content" as null and refusals as errors, as without defer', () => {
    expect(interpretResponse(204, {}, '', deferred)).toEqual({ ok: true, value: null });
    expect(interpretResponse(200, {}, '  ', deferred)).toEqual({ ok: true, value: null });
    const refused = interpretResponse(503, {}, 'busy', deferred);
    expect(refused.ok === false && refused.error).toBeInstanceOf(ServerError);
  });
});
