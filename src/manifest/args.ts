// Turns the strings typed in a war room into typed values, as the manifest declares them: required
// arguments, defaults, predefined values (case-insensitive, canonical spelling kept), booleans,
// integers with bounds, arrays, dates, IPs and host names. Every failure names the argument and the
// expected form, and happens before anything is sent to the appliance.
import { didYouMean } from '../suggest.js';
import type { Clock } from '../clock.js';
import { ArgumentError } from '../errors.js';
import { isHostname, isIpAddress } from '../net-values.js';
import { parseIsoDateTime, parseRelativeTime, RELATIVE_TIME_FORM, utcIfReal } from '../relative-time.js';
import { labelWithAliases, findArgument } from './aliases.js';
import type { Argument, Command } from './schema.js';

export type ArgumentValues = Record<string, unknown>;

/**
 * The largest value one argument may have: 1 MiB as UTF-8. The appliance takes most arguments in a
 * query string (a few KB at most through its web server) and the longest real ones, comments and
 * search queries, are far below this. Checked first, with Buffer.byteLength (no copy), so a 40 MB
 * value is refused at once instead of being split, trimmed and echoed (issue #12: 2 GB of memory).
 */
export const MAX_ARGUMENT_BYTES = 1024 * 1024;

const TRUE_WORDS = new Set(['true', 'yes']);
const FALSE_WORDS = new Set(['false', 'no']);

export function coerceArguments(command: Command, raw: Readonly<Record<string, string>>, clock: Clock): ArgumentValues {
  const declared = new Map(command.arguments.map((a) => [a.name, a]));
  for (const [name, value] of Object.entries(raw)) {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > MAX_ARGUMENT_BYTES) {
      throw new ArgumentError(
        name,
        command.name,
        `is ${(bytes / 1024 / 1024).toFixed(1)} MiB; an argument may be at most 1 MiB (${MAX_ARGUMENT_BYTES} bytes as UTF-8)`,
      );
    }
  }
  const { given: byName, typedAs } = canonicalArguments(command, raw);
  for (const name of Object.keys(byName)) {
    if (!declared.has(name)) {
      const hint = didYouMean(
        name,
        command.arguments.flatMap((a) => [a.name, ...(a.aliases ?? [])]),
      );
      throw new ArgumentError(name, command.name, `is not an argument of ${command.name}${hint || `; its arguments are ${argumentNamesForMessage(command)}`}`);
    }
  }
  const values: ArgumentValues = {};
  for (const arg of command.arguments) {
    const given = byName[arg.name];
    const text = given !== undefined && given.trim() !== '' ? given : arg.defaultValue;
    if (text === undefined || text.trim() === '') {
      if (arg.required) throw new ArgumentError(arg.name, command.name, `is required (${describeExpected(arg)})`);
      continue;
    }
    // A value given under an alias is blamed under that name: it is the one the playbook wrote.
    const shown = typedAs.get(arg.name);
    values[arg.name] = coerceArgument(command.name, shown === undefined ? arg : { ...arg, name: shown }, text, clock);
  }
  return values;
}

/**
 * The given values keyed by canonical argument names, and which alias each was given under.
 * A name and its alias together are refused naming both, even when the values agree (issue #15):
 * a playbook that sets both has a mistake in one of them. Names that are neither stay as given,
 * for the unknown-argument check.
 */
function canonicalArguments(command: Command, raw: Readonly<Record<string, string>>): { given: Record<string, string>; typedAs: Map<string, string> } {
  // No prototype: a platform's "__proto__" argument stays a key, refused below as unknown.
  const given = Object.create(null) as Record<string, string>;
  const typedAs = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    const arg = findArgument(command, name);
    const canonical = arg?.name ?? name;
    if (Object.hasOwn(given, canonical)) {
      const first = typedAs.get(canonical) ?? canonical;
      throw new ArgumentError(canonical, command.name, `given both as ${first} and as ${name}, which name the same argument; give only one of them`);
    }
    given[canonical] = value;
    if (canonical !== name) typedAs.set(canonical, name);
  }
  return { given, typedAs };
}

/** "did (or deviceId), max_results (or maxResults)": the names a command takes, for messages. */
function argumentNamesForMessage(command: Command): string {
  if (command.arguments.length === 0) return '(none)';
  return command.arguments.map(labelWithAliases).join(', ');
}

function coerceArgument(commandName: string, arg: Argument, text: string, clock: Clock): unknown {
  if (!arg.isArray) return coerceOne(commandName, arg, text.trim(), clock);
  const items = text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new ArgumentError(arg.name, commandName, `expected a comma-separated list of ${describeExpected(arg, true)}`, text);
  return items.map((item) => coerceOne(commandName, arg, item, clock, text));
}

function coerceOne(commandName: string, arg: Argument, text: string, clock: Clock, whole?: string): unknown {
  const fail = (): never => {
    const expected = whole === undefined ? describeExpected(arg) : `every entry must be ${describeExpected(arg, true)}; ${JSON.stringify(text)} is not`;
    throw new ArgumentError(arg.name, commandName, whole === undefined ? `expected ${expected}` : expected, whole === undefined ? text : undefined);
  };
  if (arg.predefined) {
    const match = arg.predefined.find((p) => p.toLowerCase() === text.toLowerCase());
    return match ?? fail();
  }
  switch (arg.type) {
    case 'boolean': {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return fail();
    }
    case 'integer': {
      if (!/^[+-]?\d+$/.test(text)) return fail();
      const n = Number(text);
      return Number.isSafeInteger(n) && inBounds(arg, n) ? n : fail();
    }
    case 'number': {
      const n = Number(text);
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) && Number.isFinite(n) && inBounds(arg, n) ? n : fail();
    }
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      return m && utcIfReal(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0) !== undefined ? text : fail();
    }
    case 'time': {
      const m = /^(\d{2}):(\d{2}):(\d{2})$/.exec(text);
      return m && utcIfReal(2000, 1, 1, Number(m[1]), Number(m[2]), Number(m[3])) !== undefined ? text : fail();
    }
    case 'datetime':
      return parseRelativeTime(text, clock) ?? parseIsoDateTime(text) ?? fail();
    case 'ip':
      return isIpAddress(text) ? text : fail();
    case 'hostname':
      return isHostname(text) ? text : fail();
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return fail();
      }
    case 'string':
      // Characters as people count them (code points), not UTF-16 units: one emoji is one character.
      return arg.maxLength !== undefined && text.length > arg.maxLength && codePoints(text) > arg.maxLength ? fail() : text;
  }
}

/** Code points without an array of them: UTF-16 length minus the surrogate pairs. */
function codePoints(text: string): number {
  return text.length - (text.match(/[\ud800-\udbff][\udc00-\udfff]/g)?.length ?? 0);
}

function inBounds(arg: Argument, n: number): boolean {
  return (arg.min === undefined || n >= arg.min) && (arg.max === undefined || n <= arg.max);
}

/** The accepted form of an argument in words, for error messages and `help`. */
export function describeExpected(arg: Argument, plural = false): string {
  if (arg.predefined) return `one of ${arg.predefined.join(', ')}`;
  const a = plural ? '' : 'a ';
  const an = plural ? '' : 'an ';
  switch (arg.type) {
    case 'boolean':
      return 'true, false, yes or no';
    case 'integer':
    case 'number': {
      const kind = arg.type === 'integer' ? `${an}integer` : `${a}number`;
      if (arg.min !== undefined && arg.max !== undefined) return `${kind} from ${arg.min} to ${arg.max}`;
      if (arg.min === 1 && arg.type === 'integer') return `${a}positive integer`;
      if (arg.min !== undefined) return `${kind} of at least ${arg.min}`;
      if (arg.max !== undefined) return `${kind} of at most ${arg.max}`;
      return kind;
    }
    case 'date':
      return `${a}date as YYYY-MM-DD`;
    case 'time':
      return `${a}time as HH:MM:SS`;
    case 'datetime':
      return RELATIVE_TIME_FORM;
    case 'ip':
      return `${an}IPv4 or IPv6 address`;
    case 'hostname':
      return `${a}host name such as host.example.com`;
    case 'json':
      return 'JSON';
    case 'string':
      return arg.maxLength !== undefined ? `text of at most ${arg.maxLength} characters` : 'text';
  }
}
