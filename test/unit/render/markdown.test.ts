import { describe, expect, it } from 'vitest';
import {
  escapeCell,
  formatMinute,
  formatTruncated,
  formatValue,
  formatWithTime,
  joinSections,
  renderKeyValue,
  renderTable,
  sparkline,
  textCell,
} from '../../../src/render/markdown.js';

describe('renderTable', () => {
  it.each([
    {
      name: 'headers in the given order',
      title: 'Devices',
      rows: [{ b: 2, a: 1 }],
      options: { headers: ['a', 'b'] },
      want: '### Devices\n| a | b |\n| --- | --- |\n| 1 | 2 |\n',
    },
    {
      name: 'headers in first-seen order by default',
      title: 'T',
      rows: [{ x: 1 }, { y: 'two' }],
      options: {},
      want: '### T\n| x | y |\n| --- | --- |\n| 1 |  |\n|  | two |\n',
    },
    { name: 'empty result says so', title: 'Empty', rows: [], options: {}, want: '### Empty\n**No entries.**\n' },
    {
      name: 'pipes and newlines are escaped',
      title: 'Esc',
      rows: [{ v: 'a|b\nc' }],
      options: {},
      want: '### Esc\n| v |\n| --- |\n| a\\|b<br>c |\n',
    },
    {
      name: 'lists and nested objects read as text',
      title: 'N',
      rows: [{ tags: ['a', 'b'], ips: [{ ip: '10.0.0.1', sid: 1 }], model: { name: 'M', pid: 3 } }],
      options: {},
      want: '### N\n| tags | ips | model |\n| --- | --- | --- |\n| a, b | (ip: 10.0.0.1; sid: 1) | name: M; pid: 3 |\n',
    },
    {
      name: 'epoch-ms time fields become ISO-8601',
      title: 'Times',
      rows: [{ firstSeen: 1596758800000, count: 1596758800000 }],
      options: {},
      want: '### Times\n| firstSeen | count |\n| --- | --- |\n| 2020-08-07T00:06:40.000Z | 1596758800000 |\n',
    },
    {
      name: 'long tables are cut with a count',
      title: 'Cut',
      rows: [{ n: 1 }, { n: 2 }, { n: 3 }],
      options: { maxRows: 2 },
      want: '### Cut\n| n |\n| --- |\n| 1 |\n| 2 |\n\n*1 more row not shown (3 in all; the context has every one).*\n',
    },
  ])('$name', ({ title, rows, options, want }) => {
    expect(renderTable(title, rows, options)).toBe(want);
  });
});

describe('cells', () => {
  it.each([
    { name: 'null is empty', value: null, key: '', want: '' },
    { name: 'boolean', value: false, key: '', want: 'false' },
    { name: 'long list truncated', value: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], key: '', want: '1, 2, 3, 4, 5, 6, 7, 8 … (+2 more)' },
    { name: 'small number in time field stays', value: 42, key: 'time', want: '42' },
  ])('formatValue: $name', ({ value, key, want }) => {
    expect(formatValue(value, key)).toBe(want);
  });

  it('escapes backslashes before pipes', () => {
    expect(escapeCell('a\\|b')).toBe('a\\\\\\|b');
  });
});

describe('renderKeyValue, joinSections, sparkline', () => {
  it('renders a record as Field/Value rows, skipping undefined', () => {
    expect(renderKeyValue('Status', { version: '6.1', time: undefined, ok: true })).toBe(
      '### Status\n| Field | Value |\n| --- | --- |\n| version | 6.1 |\n| ok | true |\n',
    );
  });
  it('joins sections with one blank line', () => {
    expect(joinSections('### A\nx\n', undefined, '### B\ny\n')).toBe('### A\nx\n\n### B\ny\n');
  });
  it('scales a sparkline from min to max', () => {
    expect(sparkline([0, 7, 14])).toBe('▁▅█');
    expect(sparkline([])).toBe('');
  });
});

describe('short text helpers for cells', () => {
  it.each([
    { name: 'minute, UTC', got: () => formatMinute(1600063200000), want: '2020-09-14 06:00' },
    { name: 'value with its time', got: () => formatWithTime('172.31.32.146', 1600063200000), want: '172.31.32.146 (2020-09-14 06:00)' },
    { name: 'value without a time', got: () => formatWithTime('172.31.32.146', undefined), want: '172.31.32.146' },
    { name: 'short list kept whole', got: () => formatTruncated(['a', 'b'], 2), want: 'a, b' },
    { name: 'long list truncated with a count', got: () => formatTruncated(['a', 'b', 'c', 'd'], 2), want: 'a, b … (+2 more)' },
    { name: 'textCell escapes what the function returns', got: () => textCell((v) => `${String(v)}|x`)('a\nb', {}), want: 'a<br>b\\|x' },
  ])('$name', ({ got, want }) => expect(got()).toBe(want));
});

describe('control characters from the appliance', () => {
  const hostile = 'evil\x1b]0;owned\x07\x1b[2J\u202e';
  it.each([
    { name: 'table cell', render: () => renderTable('T', [{ hostname: hostile }]), want: '| evil\\\\u001b]0;owned\\\\u0007\\\\u001b[2J\\\\u202e |' },
    { name: 'key-value value', render: () => renderKeyValue('T', { hostname: hostile }), want: '| hostname | evil\\\\u001b]0;owned' },
    { name: 'key-value field name', render: () => renderKeyValue('T', { [hostile]: 1 }), want: '| evil\\\\u001b]0;owned' },
    { name: 'title', render: () => renderTable(`Devices of ${hostile}`, []), want: '### Devices of evil\\u001b]0;owned\\u0007\\u001b[2J\\u202e\n' },
    {
      name: 'custom formatter that skips escapeCell',
      render: () => renderTable('T', [{ a: hostile }], { formatters: { a: (v) => String(v) } }),
      want: '| evil\\u001b]0;owned',
    },
  ])('$name: no raw control character, a visible escape instead', ({ render, want }) => {
    const out = render();
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(out).toContain(want);
  });
});
