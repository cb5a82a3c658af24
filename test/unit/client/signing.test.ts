import { describe, expect, it } from 'vitest';
import { signingVectors, type SigningVector } from '../../helpers/signing-vectors.js';
import { fixedClock } from '../../../src/clock.js';
import {
  computeSignature,
  formatDtapiDate,
  prepareFormPost,
  prepareGet,
  prepareJsonPost,
  signHeaders,
  type PreparedRequest,
} from '../../../src/client/signing.js';

const vectors = signingVectors;
type Vector = SigningVector;

const SEARCH_QUERY = {
  search: '@fields.source_ip:(10.0.0.5) OR @fields.dest_ip:(10.0.0.5)',
  fields: [],
  offset: 0,
  timeframe: 'custom',
  time: { from: '2024-01-15T09:25:00Z', to: '2024-01-15T09:30:00Z', user_interval: 0 },
};
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v), 'utf8').toString('base64');

// How our builders produce each vector the client can send. Vectors absent here are forms the
// client deliberately never sends (listed in NOT_PRODUCED with the reason).
const PREPARE: Record<string, () => PreparedRequest> = {
  guide_example_modelbreaches_time_window: () =>
    prepareGet('/modelbreaches', [
      ['starttime', 1701388800000],
      ['endtime', 1704070800000],
    ]),
  get_no_query_status: () => prepareGet('/status'),
  get_status_format_json: () => prepareGet('/status', { format: 'json' }),
  get_one_param_pbid: () => prepareGet('/modelbreaches', { pbid: 95 }),
  get_fetch_modelbreaches_mbs: () => prepareGet('/modelbreaches', { minscore: 0.5, starttime: 1700000000000, minimal: false, deviceattop: true }),
  get_event_collector_window: () =>
    prepareGet('/modelbreaches', {
      starttime: 1700000000000,
      endtime: 1700003600000,
      expandenums: true,
      includeacknowledged: true,
      minimal: false,
      includebreachurl: true,
    }),
  get_creationtime_window: () =>
    prepareGet('/modelbreaches', {
      starttime: 1700000000000,
      endtime: 1700003600000,
      creationtime: true,
      includeacknowledged: true,
      pid: undefined,
      uuid: null,
    }),
  get_similardevices: () => prepareGet('/similardevices', { did: 1, count: 2 }),
  get_endpointdetails_hostname: () =>
    prepareGet('/endpointdetails', [
      ['hostname', 'cats.com'],
      ['additionalinfo', true],
      ['devices', true],
      ['score', true],
    ]),
  get_deviceinfo_with_empty_values: () =>
    prepareGet('/deviceinfo', {
      did: 1,
      datatype: 'co',
      externaldomain: '',
      oid: '',
      showallgraphdata: false,
      fulldevicedetails: false,
      similardevices: 0,
    }),
  get_tags_entities_by_did: () => prepareGet('/tags/entities', { did: 1 }),
  get_tags_entities_by_tag_plain: () => prepareGet('/tags/entities', { tag: 'Admin', fulldevicedetails: true }),
  get_query_needing_encoding_signed_decoded: () => prepareGet('/tags/entities', { tag: 'Active Threat', fulldevicedetails: true }),
  get_query_reserved_chars_signed_decoded: () => prepareGet('/devices', { ip: '10.0.0.5', seensince: '1hour' }),
  get_devices_seensince_7days: () => prepareGet('/devices', { seensince: '7days' }),
  get_details_window: () => prepareGet('/details', { did: 42, starttime: 1705308600000, endtime: 1705309200000, eventtype: 'connection' }),
  get_advancedsearch_search_base64: () => prepareGet(`/advancedsearch/api/search/${b64(SEARCH_QUERY)}`),
  post_form_tag_device: () => prepareFormPost('/tags/entities', { did: 1, tag: 'Admin' }),
  post_form_value_needing_encoding_as_sent: () =>
    prepareFormPost('/tags/entities', [
      ['did', 1],
      ['tag', 'Active Threat'],
      ['duration', 3600],
    ]),
  post_form_aianalyst_ack: () => prepareFormPost('/aianalyst/acknowledge', { uuid: 'bc64f242-ce29-4f35-bc94-230991116564' }),
  post_json_comment_guide_compact: () => prepareJsonPost('/modelbreaches/101/comments', { message: 'Test Comment' }),
  post_json_aianalyst_comment: () =>
    prepareJsonPost('/aianalyst/incident/comments', { incident_id: 'bc64f242-ce29-4f35-bc94-230991116564', message: 'triaged' }),
  post_json_unicode_ascii_escaped: () => prepareJsonPost('/modelbreaches/101/comments', { message: 'Überprüfung ✓' }),
  post_empty_body: () => prepareFormPost('/modelbreaches/95/unacknowledge', {}),
};

const NOT_PRODUCED: Record<string, string> = {
  get_advancedsearch_analyze_xsoar: 'Python json.dumps spacing inside the base64 (covered in darktrace-client.test.ts with our compact form)',
  post_form_value_needing_encoding_decoded_variant: 'we sign form bodies as sent (§1.3 item 7)',
  post_form_ack_legacy_query_and_body: 'legacy double-send, §1.3 item 10 says do not imitate',
  post_json_intelfeed_xsoar_spacing: 'Python json.dumps spacing; we send compact JSON',
  post_json_ack_mbs: 'Python json.dumps spacing; we send compact JSON',
  post_json_unicode_raw_utf8: 'we escape non-ASCII as \\uXXXX (§1.3 item 11)',
  date_format_iso_seconds: 'we send YYYYMMDDTHHMMSS only',
  date_format_space: 'we send YYYYMMDDTHHMMSS only',
  date_format_iso_micro_offset: 'we send YYYYMMDDTHHMMSS only',
  date_format_rfc1123: 'we send YYYYMMDDTHHMMSS only',
  path_prefix_not_signed: 'the prefix is added by HttpTransport (darktrace-client.test.ts)',
};

describe('computeSignature', () => {
  it('has all 35 vectors loaded', () => expect(vectors).toHaveLength(35));

  it.each(vectors)('vector $name', (v) => {
    const sig = computeSignature(v.path_and_query, v.public_token, v.private_token, v.date);
    expect(sig).toBe(v.expected_signature);
    expect(sig).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('prepare*', () => {
  it('accounts for every vector either as producible or as deliberately not produced', () => {
    const names = vectors.map((v) => v.name).sort();
    expect([...Object.keys(PREPARE), ...Object.keys(NOT_PRODUCED)].sort()).toEqual(names);
  });

  it.each(vectors.filter((v) => v.name in PREPARE))('vector $name', (v) => {
    const prepared = (PREPARE[v.name] as () => PreparedRequest)();
    expect(prepared.method).toBe(v.method);
    expect(prepared.signedRequest).toBe(v.path_and_query);
    expect(prepared.requestTarget).toBe(v.wire_request_target);
    if (v.method === 'POST') expect(prepared.body).toBe(v.body);
    if (v.content_type !== null) expect(prepared.contentType).toBe(v.content_type);
    // The vector's YYYYMMDDTHHMMSS date as the clock: the whole header set must match.
    const iso = v.date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/, '$1-$2-$3T$4:$5:$6Z');
    const headers = signHeaders(prepared, { publicToken: v.public_token, privateToken: v.private_token }, fixedClock(iso));
    expect(headers).toEqual({ 'DTAPI-Token': v.public_token, 'DTAPI-Date': v.date, 'DTAPI-Signature': v.expected_signature });
  });
});

describe('formatDtapiDate', () => {
  it.each([
    { name: 'guide example', iso: '2023-01-01T12:00:00Z', want: '20230101T120000' },
    { name: 'single digits padded', iso: '2024-01-05T03:04:05.999Z', want: '20240105T030405' },
    { name: 'UTC, not local', iso: '2024-12-31T23:59:59+00:00', want: '20241231T235959' },
  ])('$name', ({ iso, want }) => expect(formatDtapiDate(Date.parse(iso))).toBe(want));
});

describe('signHeaders', () => {
  it('signs the guide example with the clock date', () => {
    const guide = vectors[0] as Vector;
    const clock = fixedClock('2023-01-01T12:00:00Z');
    const headers = signHeaders(
      prepareGet('/modelbreaches', [
        ['starttime', 1701388800000],
        ['endtime', 1704070800000],
      ]),
      { publicToken: guide.public_token, privateToken: guide.private_token },
      clock,
    );
    expect(headers).toEqual({
      'DTAPI-Token': guide.public_token,
      'DTAPI-Date': '20230101T120000',
      'DTAPI-Signature': 'f19ae16721cc0e020ad12ec372cb15fa93bf3626',
    });
  });
});

describe('prepareGet edge cases', () => {
  it.each([
    { name: 'null and undefined dropped from both', query: { a: 1, b: null, c: undefined, d: 'x' }, signed: '/p?a=1&d=x', wire: '/p?a=1&d=x' },
    { name: 'all dropped gives no ?', query: { a: undefined }, signed: '/p', wire: '/p' },
    { name: 'reserved chars encoded on the wire only', query: [['q', 'a&b=c/d']] as const, signed: '/p?q=a&b=c/d', wire: '/p?q=a%26b%3Dc%2Fd' },
    { name: 'booleans lowercase', query: { t: true, f: false }, signed: '/p?t=true&f=false', wire: '/p?t=true&f=false' },
  ])('$name', ({ query, signed, wire }) => {
    const p = prepareGet('/p', query);
    expect(p.signedRequest).toBe(signed);
    expect(p.requestTarget).toBe(wire);
  });
});
