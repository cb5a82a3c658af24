// The one coercion engine for instance parameters and command arguments: a type as integration.yml
// declares it (a parameter's `format`; an argument's `type`, `predefined`, bounds and `isArray`)
// and a raw value (a war-room or environment string, or what a config file or a library caller
// holds: a string, number, boolean, list or object) become a typed value, or the accepted form in
// words. Whose value it is, where it came from and how a failure is reported belong to the callers:
// config/params.ts (every problem at once, secrets never echoed) and manifest/args.ts (the first
// bad argument, before anything is sent).
import type { Clock } from '../clock.js';
import { isHostname, isIpAddress } from '../net-values.js';
import { parseIsoDateTime, parseRelativeTime, RELATIVE_TIME_FORM, utcIfReal } from '../relative-time.js';
import type { Argument, Parameter } from './schema.js';

/** A declared value type, the same for a parameter and an argument. */
export type ValueType =
  | { readonly kind: 'text'; readonly maxLength?: number | undefined }
  | { readonly kind: 'url' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer' | 'number'; readonly min?: number | undefined; readonly max?: number | undefined }
  /** "N units [ago]" or ISO-8601, checked and kept as written (first_fetch is re-read every cycle). */
  | { readonly kind: 'relative-time' }
  /** "N units [ago]" or ISO-8601 -> epoch ms. */
  | { readonly kind: 'datetime' }
  | { readonly kind: 'date' | 'time' | 'ip' | 'hostname' }
  | { readonly kind: 'json'; readonly shape: 'object' | 'array' | 'any' }
  | { readonly kind: 'predefined'; readonly options: readonly string[] };

/** What one parameter or argument declares about its value. */
export interface Declared {
  readonly type: ValueType;
  readonly isArray: boolean;
  /** As written in integration.yml; coerced like a given value. */
  readonly defaultValue: string | undefined;
}

export type Coerced =
  | { readonly ok: true; readonly value: unknown }
  /**
   * `message` is the accepted form as a phrase ("expected an integer from 0 to 100", or for a list
   * "every entry must be ...; "x" is not"); `shown` is the value as a message may quote it (a URL
   * without its user information), absent when the message already names the bad part.
   */
  | { readonly ok: false; readonly message: string; readonly shown?: unknown };

const TRUE_WORDS = new Set(['true', 'yes']);
const FALSE_WORDS = new Set(['false', 'no']);

/** A parameter's declared type (its `format`, integration.yml). */
export function parameterDeclared(parameter: Parameter): Declared {
  const f = parameter.format;
  const type: ValueType =
    f.kind === 'string'
      ? { kind: 'text', maxLength: f.maxLength }
      : f.kind === 'integer'
        ? { kind: 'integer', min: f.min, max: f.max }
        : f.kind === 'json'
          ? { kind: 'json', shape: f.shape }
          : f.kind === 'predefined'
            ? { kind: 'predefined', options: f.options }
            : { kind: f.kind };
  return { type, isArray: false, defaultValue: parameter.defaultvalue };
}

/** An argument's declared type (`predefined` wins over `type`, integration.yml). */
export function argumentDeclared(arg: Argument): Declared {
  const type: ValueType = arg.predefined
    ? { kind: 'predefined', options: arg.predefined }
    : arg.type === 'string'
      ? { kind: 'text', maxLength: arg.maxLength }
      : arg.type === 'integer' || arg.type === 'number'
        ? { kind: arg.type, min: arg.min, max: arg.max }
        : arg.type === 'json'
          ? { kind: 'json', shape: 'any' }
          : { kind: arg.type };
  return { type, isArray: arg.isArray, defaultValue: arg.defaultValue };
}

/** No value: absent, null, or only white space (an empty war-room argument, DARKTRACE_X=). */
export function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/**
 * The value to coerce: the given one unless blank, else the declared default (used as written,
 * even when empty); undefined when there is neither, which the caller reports if it is required.
 */
export function givenOrDefault(declared: Declared, given: unknown): { readonly raw: unknown; readonly fromDefault: boolean } | undefined {
  if (!isBlank(given)) return { raw: given, fromDefault: false };
  return declared.defaultValue === undefined ? undefined : { raw: declared.defaultValue, fromDefault: true };
}

/** Coerces one raw value (not blank) to its declared type; a list is split on commas and new lines. */
export function coerceDeclared(declared: Declared, raw: unknown, clock: Clock): Coerced {
  if (!declared.isArray) return coerceOne(declared.type, raw, clock);
  const items = Array.isArray(raw)
    ? (raw as unknown[]).filter((item) => !isBlank(item))
    : String(raw)
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
  if (items.length === 0) return { ok: false, message: `expected a comma-separated list of ${describeType(declared.type, true)}`, shown: raw };
  const values: unknown[] = [];
  for (const item of items) {
    const one = coerceOne(declared.type, item, clock);
    if (!one.ok) return { ok: false, message: `every entry must be ${describeType(declared.type, true)}; ${JSON.stringify(textOf(item) ?? item)} is not` };
    values.push(one.value);
  }
  return { ok: true, value: values };
}

/** A scalar as trimmed text; undefined for lists and objects, which no text-like type takes. */
function textOf(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.trim();
  return typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
}

function coerceOne(type: ValueType, raw: unknown, clock: Clock): Coerced {
  const text = textOf(raw);
  const fail = (message = `expected ${describeType(type)}`, shown: unknown = text ?? raw): Coerced => ({ ok: false, message, shown });
  const ok = (value: unknown): Coerced => ({ ok: true, value });
  if (type.kind === 'json') return coerceJson(type.shape, raw, fail);
  if (type.kind === 'boolean' && typeof raw === 'boolean') return ok(raw);
  if (text === undefined) return fail();
  switch (type.kind) {
    case 'text':
      // Characters as people count them (code points), not UTF-16 units: one emoji is one character.
      return type.maxLength !== undefined && text.length > type.maxLength && codePoints(text) > type.maxLength ? fail() : ok(text);
    case 'url':
      return coerceUrl(text);
    case 'boolean': {
      const word = text.toLowerCase();
      return TRUE_WORDS.has(word) ? ok(true) : FALSE_WORDS.has(word) ? ok(false) : fail();
    }
    case 'integer': {
      const n = Number(text);
      return /^[+-]?\d+$/.test(text) && Number.isSafeInteger(n) && inBounds(type, n) ? ok(n) : fail();
    }
    case 'number': {
      const n = Number(text);
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) && Number.isFinite(n) && inBounds(type, n) ? ok(n) : fail();
    }
    case 'relative-time':
      return parseRelativeTime(text, clock) === undefined ? fail() : ok(text);
    case 'datetime': {
      const ms = parseRelativeTime(text, clock) ?? parseIsoDateTime(text);
      return ms === undefined ? fail() : ok(ms);
    }
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      return m && utcIfReal(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0) !== undefined ? ok(text) : fail();
    }
    case 'time': {
      const m = /^(\d{2}):(\d{2}):(\d{2})$/.exec(text);
      return m && utcIfReal(2000, 1, 1, Number(m[1]), Number(m[2]), Number(m[3])) !== undefined ? ok(text) : fail();
    }
    case 'ip':
      return isIpAddress(text) ? ok(text) : fail();
    case 'hostname':
      return isHostname(text) ? ok(text) : fail();
    case 'predefined': {
      const match = type.options.find((o) => o.toLowerCase() === text.toLowerCase());
      return match === undefined ? fail() : ok(match);
    }
  }
}

/** A string is parsed; a value a config file or library caller already holds as JSON is taken as it is. */
function coerceJson(shape: 'object' | 'array' | 'any', raw: unknown, fail: (message?: string, shown?: unknown) => Coerced): Coerced {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return fail('expected JSON', raw);
    }
  }
  if (shape === 'object' && (typeof value !== 'object' || value === null || Array.isArray(value))) return fail(undefined, raw);
  if (shape === 'array' && !Array.isArray(value)) return fail(undefined, raw);
  return { ok: true, value };
}

function coerceUrl(text: string): Coerced {
  const shown = urlForMessage(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `expected ${describeType({ kind: 'url' })}`, shown };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: 'expected an http(s) URL', shown };
  if (url.username || url.password || url.search || url.hash) return { ok: false, message: 'expected scheme, host, optional port and path only', shown };
  return { ok: true, value: text.replace(/\/+$/, '') };
}

/**
 * A URL as an error message may show it: everything up to its last "@" (raw or percent-encoded
 * %40) is user information (user:password) in some form, well-formed or not (`https//u:p@h`,
 * `https://:p@h`, `https://u:p@`, spaces, encoded characters), and is replaced; a scheme before
 * it is kept so that the mistake stays recognisable.
 */
function urlForMessage(text: string): string {
  const rawAt = text.lastIndexOf('@');
  const encodedAt = text.toLowerCase().lastIndexOf('%40');
  const end = Math.max(rawAt >= 0 ? rawAt + 1 : -1, encodedAt >= 0 ? encodedAt + 3 : -1);
  if (end < 0) return text;
  // Only a scheme followed by a slash: "user:pass@host" must not keep "user:" as if it were one.
  const scheme = /^[a-z][a-z0-9+.-]*:[/\\]+/i.exec(text.slice(0, end))?.[0] ?? '';
  return `${scheme}[redacted]@${text.slice(end)}`;
}

/** Code points without an array of them: UTF-16 length minus the surrogate pairs. */
function codePoints(text: string): number {
  return text.length - (text.match(/[\ud800-\udbff][\udc00-\udfff]/g)?.length ?? 0);
}

function inBounds(type: { readonly min?: number | undefined; readonly max?: number | undefined }, n: number): boolean {
  return (type.min === undefined || n >= type.min) && (type.max === undefined || n <= type.max);
}

/** The accepted form of a type in words ("an integer from 0 to 100"), for messages and `help`. */
export function describeType(type: ValueType, plural = false): string {
  const a = plural ? '' : 'a ';
  const an = plural ? '' : 'an ';
  switch (type.kind) {
    case 'predefined':
      return `one of ${type.options.join(', ')}`;
    case 'boolean':
      return 'true, false, yes or no';
    case 'integer':
    case 'number': {
      const kind = type.kind === 'integer' ? `${an}integer` : `${a}number`;
      if (type.min !== undefined && type.max !== undefined) return `${kind} from ${type.min} to ${type.max}`;
      if (type.min === 1 && type.kind === 'integer') return `${a}positive integer`;
      if (type.min !== undefined) return `${kind} of at least ${type.min}`;
      if (type.max !== undefined) return `${kind} of at most ${type.max}`;
      return kind;
    }
    case 'url':
      return `${an}http(s) URL such as https://darktrace.example.com`;
    case 'date':
      return `${a}date as YYYY-MM-DD`;
    case 'time':
      return `${a}time as HH:MM:SS`;
    case 'relative-time':
    case 'datetime':
      return RELATIVE_TIME_FORM;
    case 'ip':
      return `${an}IPv4 or IPv6 address`;
    case 'hostname':
      return `${a}host name such as host.example.com`;
    case 'json':
      return type.shape === 'object' ? `${a}JSON object` : type.shape === 'array' ? `${a}JSON list` : 'JSON';
    case 'text':
      return type.maxLength !== undefined ? `text of at most ${type.maxLength} characters` : 'text';
  }
}
