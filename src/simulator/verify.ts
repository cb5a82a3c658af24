// The appliance's authentication checks, written independently of src/client/ on purpose: if the
// simulator shared the client's signing code, a signing bug would agree with itself and every
// end-to-end test would pass (STYLE.md §1). Pure functions; the server feeds them the wire request.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The appliance accepts a DTAPI-Date within 30 minutes of its own UTC clock (darktrace-api.md §1.2). */
const MAX_DATE_SKEW_MS = 30 * 60 * 1000;

const SIGNATURE_ERROR = 'API SIGNATURE ERROR';
const DATE_ERROR = 'API DATE ERROR';

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

function utc(y: string, mo: number, d: string, h: string, mi: string, s: string, frac = ''): number | undefined {
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const t = Date.UTC(Number(y), mo, Number(d), Number(h), Number(mi), Number(s), ms);
  const back = new Date(t);
  // Reject impossible dates such as 2023-02-30 instead of letting Date.UTC roll them over.
  if (back.getUTCMonth() !== mo || back.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  return t;
}

const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/;
const RFC1123 = /^[A-Za-z]{3}, (\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?: (?:GMT|UTC))?$/;
const ASCTIME = /^[A-Za-z]{3} ([A-Za-z]{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/**
 * Parses a DTAPI-Date value in any format of darktrace-api.md §1.2 as UTC. Returns epoch ms, or
 * undefined when the value matches none of them.
 */
export function parseDtapiDate(value: string): number | undefined {
  const v = value.trim();
  let m = COMPACT.exec(v);
  if (m) return utc(m[1]!, Number(m[2]) - 1, m[3]!, m[4]!, m[5]!, m[6]!);
  m = ISO_LIKE.exec(v);
  if (m) {
    const base = utc(m[1]!, Number(m[2]) - 1, m[3]!, m[4]!, m[5]!, m[6]!, m[7] ?? '');
    if (base === undefined) return undefined;
    const zone = m[8];
    if (!zone || zone === 'Z') return base;
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    return base - sign * offsetMin * 60_000;
  }
  m = RFC1123.exec(v);
  if (m) {
    const mo = MONTHS[m[2]!.toLowerCase()];
    return mo === undefined ? undefined : utc(m[3]!, mo, m[1]!, m[4]!, m[5]!, m[6]!);
  }
  m = ASCTIME.exec(v);
  if (m) {
    const mo = MONTHS[m[1]!.toLowerCase()];
    return mo === undefined ? undefined : utc(m[6]!, mo, m[2]!, m[3]!, m[4]!, m[5]!);
  }
  return undefined;
}

/** True when the date parses and lies within ±30 minutes (inclusive) of the appliance clock. */
export function isDateAcceptable(value: string, applianceNowMs: number): boolean {
  const t = parseDtapiDate(value);
  return t !== undefined && Math.abs(applianceNowMs - t) <= MAX_DATE_SKEW_MS;
}

/** Lowercase hex HMAC-SHA1 over `signed \n publicToken \n date` as UTF-8 (darktrace-api.md §1.1, §1.3.11). */
function hmacSignature(signed: string, publicToken: string, privateToken: string, date: string): string {
  return createHmac('sha1', privateToken).update(`${signed}\n${publicToken}\n${date}`, 'utf8').digest('hex');
}

/** A request as the appliance sees it on the wire. */
export interface WireRequest {
  method: string;
  /** The request-target exactly as received: path plus `?query` when present. */
  target: string;
  /** The body decoded as UTF-8; '' when there is none. */
  body: string;
  contentType?: string | undefined;
}

function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    // A malformed escape is signed as sent by every client we know of; keep it verbatim.
    return s;
  }
}

/** `a=1&b=x%20y` -> `a=1&b=x y`: each pair percent-decoded, `+` as a space, order kept. */
function decodePairs(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? decodeComponent(pair) : `${decodeComponent(pair.slice(0, eq))}=${decodeComponent(pair.slice(eq + 1))}`;
    })
    .join('&');
}

export function splitTarget(target: string): { path: string; rawQuery: string; hasQuery: boolean } {
  const q = target.indexOf('?');
  return q < 0 ? { path: target, rawQuery: '', hasQuery: false } : { path: target.slice(0, q), rawQuery: target.slice(q + 1), hasQuery: true };
}

/**
 * Every string the appliance accepts as the signed request for this wire request
 * (darktrace-api.md §1.5 step 3). Clients disagree on raw versus decoded values, so both are
 * accepted. The bare path is a candidate only when nothing else was sent: a client that forgets
 * to sign its query or body must fail here, as it would against the appliance.
 */
export function candidateSignedStrings(req: WireRequest): string[] {
  const { path, rawQuery } = splitTarget(req.target);
  const queries = rawQuery === '' ? [] : unique([rawQuery, decodePairs(rawQuery)]);
  const out: string[] = [];
  if (queries.length === 0 && req.body === '') out.push(path);
  for (const q of queries) out.push(`${path}?${q}`);
  if (req.method.toUpperCase() !== 'GET' && req.method.toUpperCase() !== 'DELETE' && req.body !== '') {
    const isJson = (req.contentType ?? '').toLowerCase().startsWith('application/json');
    // JSON is signed verbatim (§1.3.8); form pairs raw or decoded (§1.3.7).
    const bodies = isJson ? [req.body] : unique([req.body, decodePairs(req.body)]);
    for (const b of bodies) {
      if (queries.length === 0) out.push(`${path}?${b}`);
      for (const q of queries) out.push(`${path}?${q}&${b}`);
    }
  }
  return unique(out);
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when the signature matches one of the candidate strings (constant-time per comparison). */
export function verifySignature(req: WireRequest, token: { publicToken: string; privateToken: string }, date: string, signature: string): boolean {
  let ok = false;
  for (const signed of candidateSignedStrings(req)) {
    // No early exit: the time taken does not reveal which candidate matched.
    if (sameHex(hmacSignature(signed, token.publicToken, token.privateToken, date), signature)) ok = true;
  }
  return ok;
}

export interface AuthHeaders {
  token?: string | undefined;
  date?: string | undefined;
  signature?: string | undefined;
}

export type AuthOutcome<T> = { ok: true; token: T } | { ok: false; error: typeof SIGNATURE_ERROR | typeof DATE_ERROR };

/**
 * The appliance's order of checks (darktrace-api.md §1.5): headers present and token known, then
 * the date window, then the HMAC. Unknown tokens and missing headers answer like a bad signature
 * (§2, inferred).
 */
export function authenticate<T extends { publicToken: string; privateToken: string }>(
  req: WireRequest,
  headers: AuthHeaders,
  tokens: readonly T[],
  applianceNowMs: number,
  options: { rejectCompactDate?: boolean } = {},
): AuthOutcome<T> {
  const { token: pub, date, signature } = headers;
  if (!pub || !date || !signature) return { ok: false, error: SIGNATURE_ERROR };
  const token = tokens.find((t) => t.publicToken === pub);
  if (!token) return { ok: false, error: SIGNATURE_ERROR };
  // One 7.1 appliance refused the compact form the guide lists first (darktrace-api.md §1.2).
  if (options.rejectCompactDate && COMPACT.test(date.trim())) return { ok: false, error: DATE_ERROR };
  if (!isDateAcceptable(date, applianceNowMs)) return { ok: false, error: DATE_ERROR };
  if (!verifySignature(req, token, date, signature)) return { ok: false, error: SIGNATURE_ERROR };
  return { ok: true, token };
}
