import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { argumentDeclared, coerceDeclared, givenOrDefault, parameterDeclared, type Declared, type ValueType } from '../../../src/manifest/coerce.js';
import { loadManifest } from '../../../src/manifest/load.js';
import { CommandSchema } from '../../../src/manifest/schema.js';

const clock = fixedClock('2026-03-01T12:00:00Z');
const one = (type: ValueType, defaultValue?: string): Declared => ({ type, isArray: false, defaultValue });

describe('coerceDeclared: one engine for strings, numbers, booleans, lists and objects', () => {
  it.each<{ name: string; declared: Declared; raw: unknown; want: unknown }>([
    { name: 'integer from a string', declared: one({ kind: 'integer', min: 0, max: 100 }), raw: ' 42 ', want: 42 },
    { name: 'integer from a number (a JSON config)', declared: one({ kind: 'integer', min: 0, max: 100 }), raw: 42, want: 42 },
    { name: 'boolean from a boolean', declared: one({ kind: 'boolean' }), raw: false, want: false },
    { name: 'boolean from YES', declared: one({ kind: 'boolean' }), raw: 'YES', want: true },
    { name: 'text from a number', declared: one({ kind: 'text' }), raw: 7, want: '7' },
    { name: 'text is trimmed', declared: one({ kind: 'text' }), raw: '  incident  ', want: 'incident' },
    { name: 'url loses its trailing slashes', declared: one({ kind: 'url' }), raw: 'https://dt.example/prefix//', want: 'https://dt.example/prefix' },
    { name: 'relative time is kept as written', declared: one({ kind: 'relative-time' }), raw: '3 days', want: '3 days' },
    { name: 'datetime becomes epoch ms', declared: one({ kind: 'datetime' }), raw: '2 hours ago', want: Date.parse('2026-03-01T10:00:00Z') },
    { name: 'json object as text', declared: one({ kind: 'json', shape: 'object' }), raw: '{"host":["h"]}', want: { host: ['h'] } },
    { name: 'json list already parsed', declared: one({ kind: 'json', shape: 'array' }), raw: [{ name: 'q' }], want: [{ name: 'q' }] },
    { name: 'predefined keeps its spelling', declared: one({ kind: 'predefined', options: ['IP', 'hostname'] }), raw: 'HOSTNAME', want: 'hostname' },
    { name: 'list from text', declared: { type: { kind: 'ip' }, isArray: true, defaultValue: undefined }, raw: '10.0.0.1,\n::1', want: ['10.0.0.1', '::1'] },
    { name: 'list from a list', declared: { type: { kind: 'integer' }, isArray: true, defaultValue: undefined }, raw: ['1', 2, ''], want: [1, 2] },
  ])('$name', ({ declared, raw, want }) => {
    expect(coerceDeclared(declared, raw, clock)).toEqual({ ok: true, value: want });
  });

  it.each<{ name: string; declared: Declared; raw: unknown; message: string; shown?: unknown }>([
    {
      name: 'integer out of bounds',
      declared: one({ kind: 'integer', min: 0, max: 100 }),
      raw: '101',
      message: 'expected an integer from 0 to 100',
      shown: '101',
    },
    { name: 'boolean word', declared: one({ kind: 'boolean' }), raw: 'on', message: 'expected true, false, yes or no', shown: 'on' },
    { name: 'text that is an object', declared: one({ kind: 'text' }), raw: { a: 1 }, message: 'expected text', shown: { a: 1 } },
    {
      name: 'text too long, in code points',
      declared: one({ kind: 'text', maxLength: 2 }),
      raw: 'abc',
      message: 'expected text of at most 2 characters',
      shown: 'abc',
    },
    {
      name: 'url with user information is shown without it',
      declared: one({ kind: 'url' }),
      raw: 'https://user:pw@dt.example',
      message: 'expected scheme, host, optional port and path only',
      shown: 'https://[redacted]@dt.example',
    },
    { name: 'url of another scheme', declared: one({ kind: 'url' }), raw: 'ftp://dt.example', message: 'expected an http(s) URL', shown: 'ftp://dt.example' },
    { name: 'json that does not parse', declared: one({ kind: 'json', shape: 'any' }), raw: '{', message: 'expected JSON', shown: '{' },
    { name: 'json of the wrong shape', declared: one({ kind: 'json', shape: 'array' }), raw: '{}', message: 'expected a JSON list', shown: '{}' },
    {
      name: 'an empty list',
      declared: { type: { kind: 'ip' }, isArray: true, defaultValue: undefined },
      raw: ' , ',
      message: 'expected a comma-separated list of IPv4 or IPv6 address',
      shown: ' , ',
    },
    {
      name: 'one bad entry',
      declared: { type: { kind: 'ip' }, isArray: true, defaultValue: undefined },
      raw: '10.0.0.1, x',
      message: 'every entry must be IPv4 or IPv6 address; "x" is not',
    },
  ])('refuses $name with the accepted form', ({ declared, raw, message, shown }) => {
    expect(coerceDeclared(declared, raw, clock)).toEqual({ ok: false, message, ...(shown === undefined ? {} : { shown }) });
  });
});

describe('givenOrDefault', () => {
  it.each<{ name: string; given: unknown; defaultValue?: string; want: unknown }>([
    { name: 'a given value wins', given: '7', defaultValue: '5', want: { raw: '7', fromDefault: false } },
    { name: 'blank text takes the default', given: '  ', defaultValue: '5', want: { raw: '5', fromDefault: true } },
    { name: 'null takes the default', given: null, defaultValue: '5', want: { raw: '5', fromDefault: true } },
    { name: 'an empty default is a value', given: undefined, defaultValue: '', want: { raw: '', fromDefault: true } },
    { name: 'false is a value', given: false, defaultValue: 'true', want: { raw: false, fromDefault: false } },
    { name: 'neither', given: undefined, want: undefined },
  ])('$name', ({ given, defaultValue, want }) => {
    expect(givenOrDefault(one({ kind: 'text' }, defaultValue), given)).toEqual(want);
  });
});

describe('the manifest declares parameters and arguments in one vocabulary', () => {
  it('every parameter of integration.yml coerces its own default', () => {
    const refused = loadManifest()
      .configuration.map((p) => ({ name: p.name, declared: parameterDeclared(p) }))
      .filter(({ declared }) => declared.defaultValue !== undefined)
      .filter(({ declared }) => !coerceDeclared(declared, declared.defaultValue, clock).ok)
      .map(({ name }) => name);
    expect(refused).toEqual([]);
  });

  it('every argument default of integration.yml coerces', () => {
    const refused = loadManifest().script.commands.flatMap((c) =>
      c.arguments
        .map((a) => ({ name: `${c.name} ${a.name}`, declared: argumentDeclared(a) }))
        .filter(({ declared }) => declared.defaultValue !== undefined && !coerceDeclared(declared, declared.defaultValue, clock).ok)
        .map(({ name }) => name),
    );
    expect(refused).toEqual([]);
  });

  it('predefined values win over the argument type', () => {
    const [arg] = CommandSchema.parse({
      name: 'darktrace-x',
      description: 'x',
      arguments: [{ name: 'kind', description: 'k', type: 'integer', predefined: ['co', 'sizeout'] }],
    }).arguments;
    expect(argumentDeclared(arg!).type).toEqual({ kind: 'predefined', options: ['co', 'sizeout'] });
  });
});
