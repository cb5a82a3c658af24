// Answers as received (issue #14): each record of a list answer keeps the text it arrived as (the
// fetch's rawJSON), found by a scan that must agree with JSON.parse on every valid answer; and a
// success body can be handed back before it is parsed.
import { describe, expect, it, vi } from 'vitest';
import { parseKeepingElementTexts, ReceivedBody, receivedText } from '../../../src/client/received-json.js';
import { mulberry32 } from '../../../src/simulator/prng.js';

/** Strings full of what could fool a scan: quotes, backslashes, brackets, commas, escapes, non-ASCII. */
const TRICKY = ['', 'a', '"', '\\', '\\"', '"\\', '{', '}', '[', ']', ',', '},{', '\\\\', 'é', '日本', '\u2028', '\n\t', 'a"b\\c]d}e,f', '\u0000'];

function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 5 : 7));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return Math.floor(next() * 1e6) / (next() < 0.5 ? 1 : 1000);
    case 2:
      return next() < 0.5;
    case 3:
    case 4:
      return TRICKY[Math.floor(next() * TRICKY.length)]! + String(Math.floor(next() * 10));
    case 5:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default:
      return randomRecord(next, depth + 1);
  }
}

function randomRecord(next: () => number, depth = 0): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const keys = 1 + Math.floor(next() * 5);
  for (let k = 0; k < keys; k++) record[`${TRICKY[Math.floor(next() * TRICKY.length)]}${k}`] = randomValue(next, depth);
  return record;
}

describe('parseKeepingElementTexts', () => {
  it('remembers, for 200 random answers, each object element as JSON.stringify writes it, and nothing for other elements', () => {
    const next = mulberry32(14);
    for (let round = 0; round < 200; round++) {
      const elements = Array.from({ length: 1 + Math.floor(next() * 12) }, () => (next() < 0.8 ? randomRecord(next) : randomValue(next, 4)));
      const text = JSON.stringify(elements);
      const parsed = parseKeepingElementTexts(text) as unknown[];
      expect(parsed).toEqual(elements);
      for (const element of parsed) {
        expect(receivedText(element)).toBe(typeof element === 'object' && element !== null ? JSON.stringify(element) : undefined);
      }
    }
  });

  it('keeps the text as the appliance wrote it (escapes included), which parses to the same record', () => {
    const text = '[{"pbid":1,"url":"https:\\/\\/dt\\/#x","name":"caf\\u00e9 \\"quoted\\"","n":1.50},{"pbid":2,"list":[{"a":"]"},{"b":"},{"}]}]';
    const [first, second] = parseKeepingElementTexts(text) as unknown[];
    expect(receivedText(first)).toBe('{"pbid":1,"url":"https:\\/\\/dt\\/#x","name":"caf\\u00e9 \\"quoted\\"","n":1.50}');
    expect(JSON.parse(receivedText(first)!)).toEqual(first);
    expect(receivedText(second)).toBe('{"pbid":2,"list":[{"a":"]"},{"b":"},{"}]}');
  });

  it('keeps compact elements of an answer with whitespace only between them', () => {
    const [a, b] = parseKeepingElementTexts('[ {"pbid":1} ,\r\n\t{"pbid":2,"s":"a b"}\n]\n') as unknown[];
    expect([receivedText(a), receivedText(b)]).toEqual(['{"pbid":1}', '{"pbid":2,"s":"a b"}']);
  });

  it('remembers nothing of an element laid out with whitespace (rawJSON then falls back to serialising)', () => {
    const records = [{ pbid: 1, device: { did: 2 } }, { pbid: 3 }];
    const parsed = parseKeepingElementTexts(JSON.stringify(records, null, 2)) as unknown[];
    expect(parsed).toEqual(records);
    expect(parsed.map((r) => receivedText(r))).toEqual([undefined, undefined]);
  });

  it.each([
    { name: 'an object answer', text: '{"pbid":1}' },
    { name: 'an empty list', text: '[]' },
    { name: 'a list of scalars', text: '[1,"a",null,true]' },
  ])('returns what JSON.parse returns for $name', ({ text }) => {
    const value = parseKeepingElementTexts(text);
    expect(value).toEqual(JSON.parse(text));
    expect(receivedText(value)).toBeUndefined();
  });

  it('throws what JSON.parse throws for text that is not JSON', () => {
    expect(() => parseKeepingElementTexts('[{"pbid":1},')).toThrow(SyntaxError);
    expect(() => parseKeepingElementTexts('<html>')).toThrow(SyntaxError);
  });

  it('leaves a record nested deeper than 64 levels to the serialiser, which quarantines one it cannot write', () => {
    const nested = (levels: number) => `{"pbid":1,"deep":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    const [asDeepAsKept, deeper, bomb] = parseKeepingElementTexts(`[${nested(64)},${nested(65)},${nested(20_000)}]`) as unknown[];
    expect(receivedText(asDeepAsKept)).toBe(nested(64));
    expect(receivedText(deeper)).toBeUndefined();
    expect(receivedText(bomb)).toBeUndefined();
  });
});

describe('ReceivedBody', () => {
  it('parses when read, not before, and keeps nothing it parsed', () => {
    const read = vi.fn(() => ({ ok: true as const, value: [1, 2] }));
    const body = new ReceivedBody('[1,2]', read);
    expect(body.length).toBe(5);
    expect(read).not.toHaveBeenCalled();
    expect(body.value()).toEqual([1, 2]);
    expect(read).toHaveBeenCalledTimes(1);
    expect(Object.keys(body)).toEqual(['length']);
  });

  it('throws the reason the body cannot be read, every time it is read', () => {
    const error = new Error('not JSON');
    const body = new ReceivedBody('<html>', () => ({ ok: false, error }));
    expect(() => body.value()).toThrow(error);
    expect(() => body.value()).toThrow(error);
  });
});
