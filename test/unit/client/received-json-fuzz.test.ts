// Issue #14: the element-text scan of parseKeepingElementTexts against answers JSON.stringify would
// never write: escapes chosen at random (\/, \uXXXX for any character, \" before brackets,
// backslash runs at string ends), numbers in every valid form (1.0, 1E+2, -0, 0.5e-3), whitespace
// between elements, inside elements and around the answer, strings, numbers and literals at the
// top level, empty objects and arrays, and nesting around MAX_TEXT_DEPTH (64). Whatever text an
// element keeps must parse to that element; a compact element no deeper than 64 must keep exactly
// the text it arrived as.
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseKeepingElementTexts, receivedText } from '../../../src/client/received-json.js';
import { mulberry32 } from '../../../src/simulator/prng.js';

type Rand = () => number;

const CHARS = ['"', '\\', '/', '[', ']', '{', '}', ',', ':', ' ', '\n', 'a', 'é', '日', '\u2028', '\u0000', '\u001f', '😀', 'x', '0'];
const WS = [' ', '\n', '\t', '\r', '  \n\t '];

function pickOf<T>(rand: Rand, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

/** A JSON string literal for `s`, each character escaped in one of the ways JSON allows, chosen at random. */
function stringText(rand: Rand, s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    const u = (c: number) => '\\u' + c.toString(16).padStart(4, '0')[rand() < 0.5 ? 'toUpperCase' : 'toLowerCase']();
    if (ch === '"') out += rand() < 0.7 ? '\\"' : u(0x22);
    else if (ch === '\\') out += rand() < 0.7 ? '\\\\' : u(0x5c);
    else if (ch === '/') out += rand() < 0.5 ? '\\/' : '/';
    else if (ch === '\n') out += rand() < 0.5 ? '\\n' : u(10);
    else if (code < 0x20) out += u(code);
    else if (code > 0xffff) out += rand() < 0.5 ? ch : u(ch.charCodeAt(0)) + u(ch.charCodeAt(1));
    else out += rand() < 0.15 ? u(code) : ch;
  }
  return out + '"';
}

function numberText(rand: Rand): string {
  return pickOf(rand, ['0', '-0', '1.0', '-1.50', '1e2', '1E+2', '2.5e-3', '0.5E-0', '123456789012345678901234567890', '1e308', '-0.0', '42']);
}

/** Random text of a valid JSON value; `ws()` is what goes between tokens (empty for compact text). */
function valueText(rand: Rand, depth: number, ws: () => string, deep = 0): string {
  if (deep > 0) {
    // A chain `deep` levels deep of arrays and objects, with a tricky string at the bottom.
    let inner = stringText(rand, '\\"]},[{');
    for (let i = 0; i < deep; i++) inner = rand() < 0.5 ? `[${ws()}${inner}${ws()}]` : `{${ws()}"k"${ws()}:${ws()}${inner}${ws()}}`;
    return inner;
  }
  const pick = Math.floor(rand() * (depth > 4 ? 4 : 6));
  switch (pick) {
    case 0:
      return pickOf(rand, ['null', 'true', 'false']);
    case 1:
      return numberText(rand);
    case 2:
    case 3: {
      let s = '';
      const n = Math.floor(rand() * 6);
      for (let i = 0; i < n; i++) s += pickOf(rand, CHARS);
      if (rand() < 0.3) s += '\\'.repeat(1 + Math.floor(rand() * 4)); // a backslash run at the string's end
      return stringText(rand, s);
    }
    case 4: {
      const n = Math.floor(rand() * 4);
      const items = Array.from({ length: n }, () => valueText(rand, depth + 1, ws));
      return `[${ws()}${items.join(`${ws()},${ws()}`)}${ws()}]`;
    }
    default: {
      const n = Math.floor(rand() * 4);
      const members = Array.from(
        { length: n },
        () => `${stringText(rand, pickOf(rand, CHARS) + pickOf(rand, CHARS))}${ws()}:${ws()}${valueText(rand, depth + 1, ws)}`,
      );
      return `{${ws()}${members.join(`${ws()},${ws()}`)}${ws()}}`;
    }
  }
}

/** An element at the top level: mostly objects, sometimes arrays, scalars, strings, deep chains. */
function elementText(rand: Rand, ws: () => string): string {
  const r = rand();
  if (r < 0.08) return valueText(rand, 5, ws); // a scalar or string (depth > 4: no containers)
  if (r < 0.12) return rand() < 0.5 ? `{${ws()}}` : `[${ws()}]`;
  if (r < 0.16) return `{"d":${valueText(rand, 0, ws, 60 + Math.floor(rand() * 8))}}`;
  if (r < 0.22) return `[${ws()}${valueText(rand, 1, ws)}${ws()}]`;
  return `{${ws()}"pbid"${ws()}:${ws()}${numberText(rand)}${ws()},${ws()}"v"${ws()}:${ws()}${valueText(rand, 1, ws)}${ws()}}`;
}

/** How deep the element nests (the element itself is 1), counting only brackets outside strings. */
function nesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') deepest = Math.max(deepest, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return deepest;
}

/** Whitespace outside strings. */
function hasLayout(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (/\s/.test(c)) return true;
  }
  return false;
}

describe('parseKeepingElementTexts on random valid answers', () => {
  it('keeps, for 3,000 answers, only texts that parse to their element, and exactly the received text of every compact element', () => {
    const rand = mulberry32(2614);
    let kept = 0;
    let withLayout = 0;
    for (let round = 0; round < 3_000; round++) {
      const mode = rand();
      // Layout: none, only between elements, or anywhere between tokens.
      const between = mode < 0.4 ? () => '' : () => (rand() < 0.5 ? pickOf(rand, WS) : '');
      const inside = mode < 0.7 ? () => '' : between;
      const elements = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => elementText(rand, inside));
      const text = `${between()}[${between()}${elements.join(`${between()},${between()}`)}${between()}]${between()}`;
      const value = parseKeepingElementTexts(text) as unknown[];
      expect(value).toHaveLength(elements.length);
      elements.forEach((source, i) => {
        const element = value[i];
        const got = receivedText(element);
        if (got !== undefined) {
          kept++;
          if (!isDeepStrictEqual(JSON.parse(got), element)) expect.fail(`element ${i} of ${JSON.stringify(text)} kept ${JSON.stringify(got)}`);
        }
        const object = typeof element === 'object' && element !== null;
        if (object && !hasLayout(source) && nesting(source) <= 64) expect(got, `element ${i} of ${JSON.stringify(text)}`).toBe(source);
        if (object && hasLayout(source)) {
          withLayout++;
          expect(got).toBeUndefined();
        }
        if (object && nesting(source) > 64) expect(got).toBeUndefined();
      });
    }
    // The generator reached both kinds.
    expect(kept).toBeGreaterThan(3_000);
    expect(withLayout).toBeGreaterThan(300);
  });

  it('returns non-list answers and scalars unchanged', () => {
    for (const text of ['"[{\\"a\\":1}]"', ' {"a":[1,{"b":2}]} ', '1.0', 'null', '[]', ' [ ] '])
      expect(parseKeepingElementTexts(text)).toEqual(JSON.parse(text));
  });

  it('keeps the exact text of hand-picked tricky elements', () => {
    const cases = [
      '{"a":"\\\\"}',
      '{"a":"\\\\\\"]"}',
      '{"a":"\\/\\/x"}',
      '{"n":1.0,"m":-0,"e":1E+2}',
      '{"s":"},{\\"pbid\\":2}"}',
      '{"a":[[],{},[{}]]}',
      '{}',
      '{"\\u0022":"\\u005c"}',
    ];
    const text = `["x\\\\",${cases.join(',')},"\\"]",1.0,[]]`;
    const value = parseKeepingElementTexts(text) as unknown[];
    cases.forEach((c, i) => expect(receivedText(value[i + 1])).toBe(c));
    expect(receivedText(value.at(-1))).toBe('[]');
  });
});
