import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { ArgumentError } from '../../../src/errors.js';
import { coerceArguments, MAX_ARGUMENT_BYTES } from '../../../src/manifest/args.js';
import type { Command } from '../../../src/manifest/schema.js';
import { CommandSchema } from '../../../src/manifest/schema.js';

const clock = fixedClock('2026-03-01T12:00:00Z');
const command: Command = CommandSchema.parse({
  name: 'darktrace-example',
  description: 'example',
  arguments: [
    { name: 'did', description: 'd', required: true, type: 'integer', min: 1 },
    { name: 'count', description: 'c', type: 'integer', min: 1, max: 100, defaultValue: '5' },
    { name: 'flag', description: 'f', type: 'boolean' },
    { name: 'kind', description: 'k', auto: 'PREDEFINED', predefined: ['IP', 'hostname'] },
    { name: 'day', description: 'd', type: 'date' },
    { name: 'at', description: 't', type: 'time' },
    { name: 'since', description: 's', type: 'datetime' },
    { name: 'ips', description: 'i', type: 'ip', isArray: true },
    { name: 'host', description: 'h', type: 'hostname' },
    { name: 'note', description: 'n', maxLength: 5 },
    { name: 'ratio', description: 'r', type: 'number', min: 0, max: 1 },
  ],
});

describe('coerceArguments: accepted values', () => {
  it.each<{ name: string; raw: Record<string, string>; want: Record<string, unknown> }>([
    { name: 'integer and default', raw: { did: '7' }, want: { did: 7, count: 5 } },
    { name: 'yes is true', raw: { did: '1', flag: 'yes' }, want: { did: 1, count: 5, flag: true } },
    { name: 'FALSE is false', raw: { did: '1', flag: 'FALSE' }, want: { did: 1, count: 5, flag: false } },
    { name: 'predefined keeps canonical spelling', raw: { did: '1', kind: 'HOSTNAME' }, want: { did: 1, count: 5, kind: 'hostname' } },
    { name: 'real date', raw: { did: '1', day: '2024-02-29' }, want: { did: 1, count: 5, day: '2024-02-29' } },
    { name: 'real time', raw: { did: '1', at: '23:59:59' }, want: { did: 1, count: 5, at: '23:59:59' } },
    { name: 'relative datetime', raw: { did: '1', since: '2 hours ago' }, want: { did: 1, count: 5, since: Date.parse('2026-03-01T10:00:00Z') } },
    { name: 'ISO datetime', raw: { did: '1', since: '2026-01-02T03:04:05Z' }, want: { did: 1, count: 5, since: Date.parse('2026-01-02T03:04:05Z') } },
    { name: 'array of IPs', raw: { did: '1', ips: '10.0.0.1, ::1 ,192.168.1.2' }, want: { did: 1, count: 5, ips: ['10.0.0.1', '::1', '192.168.1.2'] } },
    { name: 'hostname', raw: { did: '1', host: 'laptop-5.corp.example' }, want: { did: 1, count: 5, host: 'laptop-5.corp.example' } },
    { name: 'empty optional is absent', raw: { did: '1', flag: '' }, want: { did: 1, count: 5 } },
    { name: 'number in range', raw: { did: '1', ratio: '0.25' }, want: { did: 1, count: 5, ratio: 0.25 } },
    { name: 'length in characters, not UTF-16 units', raw: { did: '1', note: '😀😀😀😀😀' }, want: { did: 1, count: 5, note: '😀😀😀😀😀' } },
  ])('$name', ({ raw, want }) => {
    expect(coerceArguments(command, raw, clock)).toEqual(want);
  });
});

describe('coerceArguments: rejected values name the argument and the form', () => {
  it.each<{ name: string; raw: Record<string, string>; argument: string; text: string }>([
    { name: 'missing required', raw: {}, argument: 'did', text: 'is required (a positive integer)' },
    { name: 'unknown argument', raw: { did: '1', bogus: 'x' }, argument: 'bogus', text: 'is not an argument of darktrace-example' },
    { name: 'not an integer', raw: { did: 'one' }, argument: 'did', text: 'expected a positive integer, got "one"' },
    { name: 'integer below min', raw: { did: '0' }, argument: 'did', text: 'expected a positive integer' },
    { name: 'integer above max', raw: { did: '1', count: '101' }, argument: 'count', text: 'expected an integer from 1 to 100' },
    { name: 'fractional integer', raw: { did: '1.5' }, argument: 'did', text: 'expected a positive integer' },
    { name: 'bad boolean', raw: { did: '1', flag: 'maybe' }, argument: 'flag', text: 'expected true, false, yes or no' },
    { name: 'wrong predefined', raw: { did: '1', kind: 'mac' }, argument: 'kind', text: 'expected one of IP, hostname, got "mac"' },
    { name: 'impossible date', raw: { did: '1', day: '2026-02-30' }, argument: 'day', text: 'expected a date as YYYY-MM-DD' },
    { name: 'impossible time', raw: { did: '1', at: '24:00:00' }, argument: 'at', text: 'expected a time as HH:MM:SS' },
    { name: 'bad datetime', raw: { did: '1', since: 'yesterday-ish' }, argument: 'since', text: 'N minutes|hours|days|weeks|months [ago]' },
    { name: 'one bad IP in a list', raw: { did: '1', ips: '10.0.0.1,10.0.0.300' }, argument: 'ips', text: '"10.0.0.300" is not' },
    { name: 'bad hostname', raw: { did: '1', host: 'a b' }, argument: 'host', text: 'expected a host name' },
    { name: 'text too long', raw: { did: '1', note: 'abcdef' }, argument: 'note', text: 'at most 5 characters' },
    { name: 'number out of range', raw: { did: '1', ratio: '2' }, argument: 'ratio', text: 'expected a number from 0 to 1' },
    { name: 'a long value is echoed shortened', raw: { did: 'x'.repeat(500) }, argument: 'did', text: `got "${'x'.repeat(80)}… (500 characters)"` },
  ])('$name', ({ raw, argument, text }) => {
    let caught: unknown;
    try {
      coerceArguments(command, raw, clock);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ArgumentError);
    const error = caught as ArgumentError;
    expect(error.code).toBe('DT_ARG_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.argument).toBe(argument);
    expect(error.message).toContain(`argument ${argument} of darktrace-example`);
    expect(error.message).toContain(text);
  });
});

describe('coerceArguments: argument size (issue #12)', () => {
  it.each([
    {
      name: 'a 40 MB value',
      size: 40 * 1024 * 1024,
      want: 'argument note of darktrace-example: is 40.0 MiB; an argument may be at most 1 MiB (1048576 bytes as UTF-8)',
    },
    {
      name: 'one byte over',
      size: MAX_ARGUMENT_BYTES + 1,
      want: 'argument note of darktrace-example: is 1.0 MiB; an argument may be at most 1 MiB (1048576 bytes as UTF-8)',
    },
  ])('$name is refused before any coercion, naming the argument and the limit', ({ size, want }) => {
    const before = process.memoryUsage().rss;
    let error: unknown;
    try {
      coerceArguments(command, { did: '1', note: 'é'.repeat(Math.ceil(size / 2)) }, clock);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).code).toBe('DT_ARG_INVALID');
    expect((error as ArgumentError).message).toBe(want);
    // The old path spread the value into an array of one-character strings: about 2 GB for 40 MB.
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('a value at the limit is taken', () => {
    const text = 'a'.repeat(MAX_ARGUMENT_BYTES);
    const long: Command = CommandSchema.parse({ name: 'darktrace-long', description: 'l', arguments: [{ name: 'text', description: 't' }] });
    expect(coerceArguments(long, { text }, clock)).toEqual({ text });
  });
});
