import { describe, expect, it } from 'vitest';
import { escapeControlChars, escapeControlCharsInJson } from '../../src/safe-text.js';

describe('escapeControlChars', () => {
  it.each([
    { name: 'OSC title and clear screen', raw: 'a\x1b]0;owned\x07b\x1b[2J', want: 'a\\u001b]0;owned\\u0007b\\u001b[2J' },
    { name: 'lone CR', raw: 'safe\rEVIL', want: 'safe\\u000dEVIL' },
    { name: 'backspace and NUL', raw: 'x\b\0', want: 'x\\u0008\\u0000' },
    { name: 'DEL and C1 CSI', raw: '\x7f\u009b2J', want: '\\u007f\\u009b2J' },
    { name: 'bidi override and isolate', raw: 'txt.\u202Eexe\u2066', want: 'txt.\\u202eexe\\u2066' },
    { name: 'tab, newline and CRLF stay', raw: 'a\tb\nc\r\nd', want: 'a\tb\nc\r\nd' },
    { name: 'ordinary text unchanged', raw: 'ip-172-31-32-146 · café 日本 😀 | \\', want: 'ip-172-31-32-146 · café 日本 😀 | \\' },
  ])('$name', ({ raw, want }) => expect(escapeControlChars(raw)).toBe(want));

  it('is idempotent', () => {
    const once = escapeControlChars('\x1b[2J\u202e');
    expect(escapeControlChars(once)).toBe(once);
  });
});

describe('escapeControlCharsInJson', () => {
  it('keeps a JSON line valid and its data identical', () => {
    const data = { hostname: '\x1b]0;t\x07\u009b\u202e\x7f' };
    const line = JSON.stringify(data);
    const escaped = escapeControlCharsInJson(line);
    expect(escaped).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(escaped)).toEqual(data);
  });
});
