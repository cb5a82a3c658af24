import { describe, expect, it } from 'vitest';
import { parseWarRoomLine } from '../../../src/cli/war-room-line.js';
import { ArgumentError, UsageError } from '../../../src/errors.js';

describe('parseWarRoomLine', () => {
  it.each([
    {
      name: 'seed example',
      line: '!darktrace-get-similar-devices did=1 max_results=2',
      command: 'darktrace-get-similar-devices',
      args: { did: '1', max_results: '2' },
    },
    { name: 'no bang', line: 'darktrace-get-tagged-devices tagName=Admin', command: 'darktrace-get-tagged-devices', args: { tagName: 'Admin' } },
    { name: 'double quotes', line: '!darktrace-x a="two words" b=1', command: 'darktrace-x', args: { a: 'two words', b: '1' } },
    { name: 'single quotes literal', line: '!darktrace-x a=\'say "hi"\'', command: 'darktrace-x', args: { a: 'say "hi"' } },
    { name: 'escaped quote', line: '!darktrace-x a="say \\"hi\\""', command: 'darktrace-x', args: { a: 'say "hi"' } },
    { name: 'equals inside value', line: '!darktrace-x query="a=b"', command: 'darktrace-x', args: { query: 'a=b' } },
    { name: 'empty value', line: '!darktrace-x a= b=""', command: 'darktrace-x', args: { a: '', b: '' } },
    { name: 'extra spaces', line: '   !darktrace-x    a=1   ', command: 'darktrace-x', args: { a: '1' } },
  ])('$name', ({ line, command, args }) => {
    expect(parseWarRoomLine(line)).toEqual({ command, args });
  });

  it.each([
    { name: 'unterminated quote names the argument', line: '!darktrace-x tagName="Active Threat', type: ArgumentError, text: 'argument tagName' },
    { name: 'duplicate argument', line: '!darktrace-x a=1 a=2', type: ArgumentError, text: 'argument a of darktrace-x: is given twice' },
    { name: 'bare word', line: '!darktrace-x oops', type: UsageError, text: 'expected name=value after darktrace-x, got "oops"' },
    { name: 'empty line', line: '   ', type: UsageError, text: 'expected a command' },
    { name: 'bad name', line: '!darktrace-x 9a=1', type: UsageError, text: 'not an argument name' },
  ])('$name', ({ line, type, text }) => {
    expect(() => parseWarRoomLine(line)).toThrow(type);
    expect(() => parseWarRoomLine(line)).toThrow(text);
  });
});
