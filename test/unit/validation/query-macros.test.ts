import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../../src/errors.js';
import { actionQueries, checkMacroValues, DEFAULT_QUERIES, expandQuery } from '../../../src/validation/query-macros.js';

describe('macro expansion', () => {
  it.each([
    {
      name: 'the IP query of seed 001, two IPs',
      template: '@fields.src_ip:(%IPS%) OR @fields.dest_ip:(%IPS%)',
      want: '@fields.src_ip:("10.0.0.5" OR "10.0.0.6") OR @fields.dest_ip:("10.0.0.5" OR "10.0.0.6")',
    },
    { name: 'the hostname query of seed 001', template: '@fields.host:(%HOSTNAMES%)', want: '@fields.host:("laptop-5.corp.example")' },
    { name: 'no macro: the template as written', template: '@type:notice', want: '@type:notice' },
  ])('$name', ({ template, want }) => {
    expect(expandQuery(template, { ips: ['10.0.0.5', '10.0.0.6'], hostnames: ['laptop-5.corp.example'] })).toBe(want);
  });

  it('an IPv6 literal is quoted, so its colons are not field separators', () => {
    expect(expandQuery('@fields.src_ip:(%IPS%)', { ips: ['2001:db8::1'], hostnames: [] })).toBe('@fields.src_ip:("2001:db8::1")');
  });

  it('a template whose macro has no values is skipped, not sent as an empty group', () => {
    expect(expandQuery('@fields.host:(%HOSTNAMES%)', { ips: ['10.0.0.5'], hostnames: [] })).toBeUndefined();
    expect(actionQueries([], { ips: [], hostnames: ['h1'] }).map((q) => q.name)).toEqual(['Hostname Query']);
  });

  it("the default queries keep seed 001's text and also ask source_ip (stix-shifter's naming)", () => {
    const seed = ['@fields.src_ip:(%IPS%) OR @fields.dest_ip:(%IPS%)', '@fields.host:(%HOSTNAMES%)'];
    const [ip, host] = DEFAULT_QUERIES.map((q) => q.query);
    expect(ip?.startsWith(seed[0]!)).toBe(true);
    expect(host).toBe(seed[1]);
    expect(expandQuery(ip!, { ips: ['10.0.0.5'], hostnames: [] })).toBe(
      '@fields.src_ip:("10.0.0.5") OR @fields.dest_ip:("10.0.0.5") OR @fields.source_ip:("10.0.0.5")',
    );
  });

  it('a host literally named OR stays a value inside quotes', () => {
    expect(expandQuery('@fields.host:(%HOSTNAMES%)', checkMacroValues({ ips: [], hostnames: ['OR', 'AND'] }))).toBe('@fields.host:("OR" OR "AND")');
  });

  it('custom queries follow the defaults; an explicit query replaces them all', () => {
    const custom = [{ name: 'Notices', query: '@type:notice AND @fields.host:(%HOSTNAMES%)' }];
    const values = { ips: ['10.0.0.5'], hostnames: ['h1'] };
    expect(actionQueries(custom, values).map((q) => q.name)).toEqual(['IP Query', 'Hostname Query', 'Notices']);
    expect(actionQueries(custom, values, '@fields.dest_ip:(%IPS%)')).toEqual([{ name: 'Query', query: '@fields.dest_ip:("10.0.0.5")' }]);
  });
});

describe('hostile values are rejected before any query is built', () => {
  it.each([
    { name: 'a quote closing the phrase', field: 'ips', value: '10.0.0.5" OR *' },
    { name: 'parentheses', field: 'ips', value: '10.0.0.5) OR (@fields.x:*' },
    { name: 'an OR clause', field: 'hostnames', value: 'host OR @fields.host:*' },
    { name: 'a wildcard host', field: 'hostnames', value: '*' },
    { name: 'a wildcard in a label', field: 'hostnames', value: 'laptop-*.corp.example' },
    { name: 'a question-mark wildcard', field: 'hostnames', value: 'laptop-?' },
    { name: 'a newline', field: 'hostnames', value: 'laptop-5\n@fields.host:*' },
    { name: 'a backslash escape', field: 'hostnames', value: 'a\\"b' },
    { name: 'a field:value pair', field: 'hostnames', value: '@fields.host:x' },
    { name: 'an IPv6 zone id with free text', field: 'ips', value: 'fe80::1%eth0' },
    { name: 'a CIDR range', field: 'ips', value: '10.0.0.0/8' },
    { name: 'an IP wildcard', field: 'ips', value: '10.0.0.*' },
  ])('$name ($field)', ({ field, value }) => {
    const values = { ips: field === 'ips' ? [value] : [], hostnames: field === 'hostnames' ? [value] : [] };
    let caught: unknown;
    try {
      checkMacroValues(values, 'darktrace-search-events');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ArgumentError);
    expect(caught).toMatchObject({ code: 'DT_ARG_INVALID', argument: field, got: value });
  });
});
