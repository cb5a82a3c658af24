// DTAPI-* header values for one request. Pure: the only input from outside is the Clock.
// The signed string and the wire request are built together, once, so that what is signed is
// what is sent (reference/darktrace-api.md §1.3, §1.4).
import { createHmac } from 'node:crypto';
import type { Clock } from '../clock.js';

export interface SignedHeaders {
  'DTAPI-Token': string;
  'DTAPI-Date': string;
  'DTAPI-Signature': string;
}

type QueryValue = string | number | boolean | undefined | null;
/** Pairs in the order they are sent: the appliance signs the query unsorted (§1.3 item 2). */
export type QueryParams = Record<string, QueryValue> | ReadonlyArray<readonly [string, QueryValue]>;

export interface PreparedRequest {
  method: 'GET' | 'POST';
  /** The text that goes into the HMAC: endpoint path (no base-URL prefix) plus folded query/body. */
  signedRequest: string;
  /** Path and query as sent on the request line, relative to the base URL. */
  requestTarget: string;
  body?: string;
  contentType?: string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * The two DTAPI-Date forms we send (§1.2): `compact` is `YYYYMMDDTHHMMSS`, the guide's first and our
 * default; `spaced` is `YYYY-MM-DD HH:MM:SS`, what one 7.1 appliance accepted after refusing the
 * compact form (darktrace-next.md §F).
 */
export type DtapiDateFormat = 'compact' | 'spaced';

export const DTAPI_DATE_FORMATS: Readonly<Record<DtapiDateFormat, string>> = {
  compact: 'YYYYMMDDTHHMMSS',
  spaced: 'YYYY-MM-DD HH:MM:SS',
};

/** Epoch ms -> a DTAPI-Date in UTC, `YYYYMMDDTHHMMSS` unless `format` says otherwise (§1.2). */
export function formatDtapiDate(epochMs: number, format: DtapiDateFormat = 'compact'): string {
  const d = new Date(epochMs);
  const date = [pad(d.getUTCFullYear(), 4), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())];
  const time = [pad(d.getUTCHours()), pad(d.getUTCMinutes()), pad(d.getUTCSeconds())];
  return format === 'spaced' ? `${date.join('-')} ${time.join(':')}` : `${date.join('')}T${time.join('')}`;
}

/** Lowercase hex HMAC-SHA1 keyed by the private token over `signed\npublic\ndate`, UTF-8 (§1.1, §1.3 item 11). */
export function computeSignature(signedRequest: string, publicToken: string, privateToken: string, date: string): string {
  return createHmac('sha1', Buffer.from(privateToken, 'utf8'))
    .update(Buffer.from(`${signedRequest}\n${publicToken}\n${date}`, 'utf8'))
    .digest('hex');
}

/** Ordered [key, value] strings; undefined/null dropped, booleans lowercase (§1.3 items 3-4). */
function normalisePairs(params: QueryParams | undefined): Array<[string, string]> {
  if (params === undefined) return [];
  const entries: ReadonlyArray<readonly [string, QueryValue]> = Array.isArray(params)
    ? (params as ReadonlyArray<readonly [string, QueryValue]>)
    : Object.entries(params as Record<string, QueryValue>);
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of entries) {
    if (value === undefined || value === null) continue;
    pairs.push([key, typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value)]);
  }
  return pairs;
}

/** The endpoint path without its query: what logs and errors may name (queries can carry user values). */
export function endpointPath(prepared: Pick<PreparedRequest, 'requestTarget'>): string {
  return prepared.requestTarget.split('?')[0] ?? prepared.requestTarget;
}

/**
 * GET: the signature covers the decoded `k=v` pairs, the wire carries them percent-encoded
 * (§1.3 item 5: every public client signs decoded values).
 */
export function prepareGet(path: string, query?: QueryParams): PreparedRequest {
  const pairs = normalisePairs(query);
  if (pairs.length === 0) return { method: 'GET', signedRequest: path, requestTarget: path };
  const signed = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  const wire = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return { method: 'GET', signedRequest: `${path}?${signed}`, requestTarget: `${path}?${wire}` };
}

/**
 * JSON.stringify with every non-ASCII code unit escaped as \uXXXX, so the signed text and the body
 * stay ASCII; raw UTF-8 acceptance by the appliance is unverified (§1.3 item 11).
 */
function asciiJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** POST JSON: the body text, byte for byte, is appended to the path after `?` (§1.3 item 8). */
export function prepareJsonPost(path: string, body: unknown): PreparedRequest {
  const text = asciiJson(body);
  return {
    method: 'POST',
    signedRequest: `${path}?${text}`,
    requestTarget: path,
    body: text,
    contentType: 'application/json',
  };
}

/**
 * POST form: the body is urlencoded and signed as sent (`tag=Active+Threat`), the form darktrace-sdk
 * verified live; plain values sign identically either way (§1.3 item 7). No fields: bare path (item 9).
 */
export function prepareFormPost(path: string, form: QueryParams): PreparedRequest {
  const body = new URLSearchParams(normalisePairs(form)).toString();
  return {
    method: 'POST',
    signedRequest: body === '' ? path : `${path}?${body}`,
    requestTarget: path,
    body,
    contentType: 'application/x-www-form-urlencoded',
  };
}

/** The three DTAPI-* headers, dated by `clock` in UTC. */
export function signHeaders(
  prepared: PreparedRequest,
  tokens: { publicToken: string; privateToken: string },
  clock: Clock,
  format: DtapiDateFormat = 'compact',
): SignedHeaders {
  const date = formatDtapiDate(clock.now(), format);
  return {
    'DTAPI-Token': tokens.publicToken,
    'DTAPI-Date': date,
    'DTAPI-Signature': computeSignature(prepared.signedRequest, tokens.publicToken, tokens.privateToken, date),
  };
}
