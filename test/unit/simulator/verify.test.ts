import { describe, expect, it } from 'vitest';
import { signingVectors, type SigningVector } from '../../helpers/signing-vectors.js';
import { authenticate, candidateSignedStrings, isDateAcceptable, parseDtapiDate, verifySignature, type WireRequest } from '../../../src/simulator/verify.js';

type Vector = SigningVector;

const vectors = signingVectors;

// The path_prefix_not_signed vector is sent to a base URL with a path (/darktrace): the reverse
// proxy in front of the appliance strips it, so the appliance sees the bare endpoint path.
const PROXY_PREFIX = '/darktrace';

function wire(v: Vector): WireRequest {
  const target = v.wire_request_target.startsWith(`${PROXY_PREFIX}/`) ? v.wire_request_target.slice(PROXY_PREFIX.length) : v.wire_request_target;
  return { method: v.method, target, body: v.body ?? '', contentType: v.content_type ?? undefined };
}

const tokenOf = (v: Vector) => ({ publicToken: v.public_token, privateToken: v.private_token });

function flipLastChar(s: string): string {
  const last = s.at(-1)!;
  return s.slice(0, -1) + (last === '0' ? '1' : '0');
}

describe('signing vectors (test_data/signing/vectors.json)', () => {
  it('has the 35 vectors of the reference', () => expect(vectors).toHaveLength(35));

  it.each(vectors)('accepts $name as sent on the wire', (v) => {
    expect(verifySignature(wire(v), tokenOf(v), v.date, v.expected_signature)).toBe(true);
    expect(candidateSignedStrings(wire(v))).toContain(v.path_and_query);
  });

  it.each(vectors)('rejects $name with one signature character changed', (v) => {
    expect(verifySignature(wire(v), tokenOf(v), v.date, flipLastChar(v.expected_signature))).toBe(false);
  });

  it.each(vectors.filter((v) => v.wire_request_target.includes('?') && v.method === 'GET'))('rejects $name with one query character changed', (v) => {
    const w = wire(v);
    expect(verifySignature({ ...w, target: flipLastChar(w.target) }, tokenOf(v), v.date, v.expected_signature)).toBe(false);
  });

  // Only vectors whose body is part of the signed string: the legacy ack signs the URL alone (§1.3.10).
  const bodySigned = vectors.filter((v) => (v.body ?? '') !== '' && !v.wire_request_target.includes('?'));
  it('has body-signed vectors to tamper with', () => expect(bodySigned.length).toBeGreaterThanOrEqual(8));

  it.each(bodySigned)('rejects $name with one body character changed', (v) => {
    const w = wire(v);
    const body = w.body.replace(/[a-z]/, (c) => (c === 'a' ? 'b' : 'a'));
    expect(verifySignature({ ...w, body }, tokenOf(v), v.date, v.expected_signature)).toBe(false);
  });

  it('rejects a signature made with another private token', () => {
    const v = vectors[0]!;
    expect(verifySignature(wire(v), { publicToken: v.public_token, privateToken: 'wrong' }, v.date, v.expected_signature)).toBe(false);
  });
});

describe('candidate signed strings', () => {
  it.each([
    { name: 'GET without query is the bare path', req: { method: 'GET', target: '/status', body: '' }, want: ['/status'] },
    {
      name: 'GET with an encoded value: raw and decoded, never the bare path',
      req: { method: 'GET', target: '/tags/entities?tag=Active%20Threat', body: '' },
      want: ['/tags/entities?tag=Active%20Threat', '/tags/entities?tag=Active Threat'],
    },
    {
      name: 'POST form: body raw and decoded',
      req: { method: 'POST', target: '/tags/entities', body: 'did=1&tag=Active+Threat', contentType: 'application/x-www-form-urlencoded' },
      want: ['/tags/entities?did=1&tag=Active+Threat', '/tags/entities?did=1&tag=Active Threat'],
    },
    {
      name: 'POST JSON with a query: query then body',
      req: { method: 'POST', target: '/intelfeed?x=1', body: '{"a":"b c"}', contentType: 'application/json' },
      want: ['/intelfeed?x=1', '/intelfeed?x=1&{"a":"b c"}'],
    },
  ])('$name', ({ req, want }) => expect(candidateSignedStrings(req)).toEqual(want));
});

describe('DTAPI-Date formats (darktrace-api.md §1.2)', () => {
  const noon = Date.UTC(2023, 0, 1, 12, 0, 0);
  it.each([
    { name: 'compact', raw: '20230101T120000', want: noon },
    { name: 'ISO seconds', raw: '2023-01-01T12:00:00', want: noon },
    { name: 'space separated', raw: '2023-01-01 12:00:00', want: noon },
    { name: 'RFC 1123 bare', raw: 'Sun, 01 Jan 2023 12:00:00', want: noon },
    { name: 'RFC 1123 GMT', raw: 'Mon, 01 Jan 2023 12:00:00 GMT', want: noon },
    { name: 'RFC 1123 UTC', raw: 'Mon, 01 Jan 2023 12:00:00 UTC', want: noon },
    { name: 'asctime padded day', raw: 'Sun Jan  1 12:00:00 2023', want: noon },
    { name: 'asctime single space', raw: 'Sun Jan 1 12:00:00 2023', want: noon },
    { name: 'ISO micro +00:00', raw: '2023-01-01T12:00:00.123456+00:00', want: noon + 123 },
    { name: 'ISO Z', raw: '2023-01-01T12:00:00Z', want: noon },
    { name: 'ISO +02:00 offset', raw: '2023-01-01T14:00:00+02:00', want: noon },
    { name: 'garbage', raw: 'yesterday', want: undefined },
    { name: 'impossible day', raw: '20230230T120000', want: undefined },
    { name: 'empty', raw: '', want: undefined },
  ])('$name: $raw', ({ raw, want }) => expect(parseDtapiDate(raw)).toBe(want));

  it.each([
    { name: '29 minutes behind accepted', offsetMin: -29, want: true },
    { name: '29 minutes ahead accepted', offsetMin: 29, want: true },
    { name: 'exactly 30 minutes accepted', offsetMin: 30, want: true },
    { name: '31 minutes ahead rejected', offsetMin: 31, want: false },
    { name: '45 minutes behind rejected', offsetMin: -45, want: false },
  ])('skew: $name', ({ offsetMin, want }) => {
    expect(isDateAcceptable('20230101T120000', Date.UTC(2023, 0, 1, 12, 0, 0) + offsetMin * 60_000)).toBe(want);
  });
});

describe('authenticate', () => {
  const v = vectors[0]!;
  const now = parseDtapiDate(v.date)!;
  const tokens = [tokenOf(v)];
  const headers = { token: v.public_token, date: v.date, signature: v.expected_signature };
  it.each([
    { name: 'valid', h: headers, at: now, want: { ok: true, token: tokens[0] } },
    { name: 'missing signature', h: { ...headers, signature: undefined }, at: now, want: { ok: false, error: 'API SIGNATURE ERROR' } },
    { name: 'unknown token', h: { ...headers, token: 'nobody' }, at: now, want: { ok: false, error: 'API SIGNATURE ERROR' } },
    { name: 'date 45 min off', h: headers, at: now + 45 * 60_000, want: { ok: false, error: 'API DATE ERROR' } },
    { name: 'unparsable date', h: { ...headers, date: 'soon' }, at: now, want: { ok: false, error: 'API DATE ERROR' } },
    { name: 'bad signature', h: { ...headers, signature: flipLastChar(v.expected_signature) }, at: now, want: { ok: false, error: 'API SIGNATURE ERROR' } },
  ])('$name', ({ h, at, want }) => expect(authenticate(wire(v), h, tokens, at)).toEqual(want));

  it('rejectCompactDate refuses a valid compact date, as one 7.1 appliance did (darktrace-api.md §1.2)', () => {
    expect(v.date).toMatch(/^\d{8}T\d{6}$/);
    expect(authenticate(wire(v), headers, tokens, now, { rejectCompactDate: true })).toEqual({ ok: false, error: 'API DATE ERROR' });
  });
});
