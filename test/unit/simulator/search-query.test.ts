import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../src/simulator/dataset.js';
import { compileSearch, SearchSyntaxError } from '../../../src/simulator/search-query.js';

const hit = (type: string, fields: Record<string, unknown>): SearchHit => ({
  _id: `${type}-${String(fields['uid'])}`,
  _source: { '@fields': fields, '@type': type, '@timestamp': '2026-03-01T11:55:00', '@message': '' },
});
const hits = [
  hit('conn', { uid: 1, source_ip: '10.0.0.5', dest_ip: '203.0.113.7' }),
  hit('dns', { uid: 2, src_ip: '10.0.0.5', dest_ip: '10.0.0.2', host: 'laptop-5.corp.example', answers: ['203.0.113.7'] }),
  hit('conn', { uid: 3, source_ip: '10.0.0.12', dest_ip: '10.0.0.5' }),
  hit('ssl', { uid: 4, src_ip: '10.0.0.40', dest_ip: '198.51.100.67', host: 'EC2AMAZ-44COMHV' }),
];
const ids = (search: string) => hits.filter(compileSearch(search)).map((h) => h._id);

describe('compileSearch', () => {
  it.each([
    { name: 'empty matches all', search: '', want: ['conn-1', 'dns-2', 'conn-3', 'ssl-4'] },
    { name: 'S1 IP query', search: '@fields.src_ip:(10.0.0.5 OR 10.0.0.40) OR @fields.dest_ip:(10.0.0.5 OR 10.0.0.40)', want: ['dns-2', 'conn-3', 'ssl-4'] },
    { name: 'quoted hostnames, case-insensitive', search: '@fields.host:("LAPTOP-5.corp.example" OR "nobody")', want: ['dns-2'] },
    { name: 'AND binds tighter than OR', search: '@type:conn AND @fields.source_ip:10.0.0.12 OR @type:ssl', want: ['conn-3', 'ssl-4'] },
    { name: 'juxtaposition is AND', search: '@type:dns @fields.src_ip:10.0.0.5', want: ['dns-2'] },
    { name: 'NOT and parentheses', search: '@type:conn AND NOT (@fields.dest_ip:10.0.0.5)', want: ['conn-1'] },
    { name: 'wildcard value', search: '@fields.dest_ip:203.0.*', want: ['conn-1'] },
    { name: 'array field', search: '@fields.answers:203.0.113.7', want: ['dns-2'] },
    { name: 'bare word searches all fields', search: 'EC2AMAZ-44COMHV', want: ['ssl-4'] },
  ])('$name', ({ search, want }) => expect(ids(search)).toEqual(want));

  it.each(['@fields.host:("x"', '@fields.host:(a OR b', '(@type:conn', '@type:conn)'])('rejects %s', (search) => {
    expect(() => compileSearch(search)).toThrow(SearchSyntaxError);
  });
});
