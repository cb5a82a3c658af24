// Turns the strings typed in a war room into typed values, as the manifest declares them: what is
// particular to arguments (their size cap, aliases, unknown names, required ones) is here; the type
// itself (predefined values, booleans, bounds, lists, dates, IPs, host names, defaults) is the one
// coercion engine's, coerce.ts, shared with instance parameters. Every failure names the argument
// and the expected form, and happens before anything is sent to the appliance.
import { didYouMean } from '../suggest.js';
import type { Clock } from '../clock.js';
import { ArgumentError } from '../errors.js';
import { labelWithAliases, renameAliases } from './aliases.js';
import { argumentDeclared, coerceDeclared, describeType, givenOrDefault } from './coerce.js';
import type { Argument, Command } from './schema.js';

export type ArgumentValues = Record<string, unknown>;

/**
 * The largest value one argument may have: 1 MiB as UTF-8. The appliance takes most arguments in a
 * query string (a few KB at most through its web server) and the longest real ones, comments and
 * search queries, are far below this. Checked first, with Buffer.byteLength (no copy), so a 40 MB
 * value is refused at once instead of being split, trimmed and echoed (issue #12: 2 GB of memory).
 */
export const MAX_ARGUMENT_BYTES = 1024 * 1024;

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
  const { values: byName, givenAs: typedAs, clashes } = renameAliases(command.arguments, raw);
  const [clash] = clashes;
  // A playbook that sets both has a mistake in one of them (issue #15).
  if (clash) {
    throw new ArgumentError(
      clash.name,
      command.name,
      `given both as ${clash.first} and as ${clash.second}, which name the same argument; give only one of them`,
    );
  }
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
    const chosen = givenOrDefault(argumentDeclared(arg), byName[arg.name]);
    if (chosen === undefined) {
      if (arg.required) throw new ArgumentError(arg.name, command.name, `is required (${describeExpected(arg)})`);
      continue;
    }
    // A value given under an alias is blamed under that name: it is the one the playbook wrote.
    const shown = typedAs.get(arg.name);
    values[arg.name] = coerceArgument(command.name, shown === undefined ? arg : { ...arg, name: shown }, String(chosen.raw), clock);
  }
  return values;
}

/** "did (or deviceId), max_results (or maxResults)": the names a command takes, for messages. */
function argumentNamesForMessage(command: Command): string {
  if (command.arguments.length === 0) return '(none)';
  return command.arguments.map(labelWithAliases).join(', ');
}

function coerceArgument(commandName: string, arg: Argument, raw: string, clock: Clock): unknown {
  const result = coerceDeclared(argumentDeclared(arg), raw, clock);
  if (result.ok) return result.value;
  throw new ArgumentError(arg.name, commandName, result.message, typeof result.shown === 'string' ? result.shown : undefined);
}

/** The accepted form of an argument in words, for error messages and `help`. */
export function describeExpected(arg: Argument, plural = false): string {
  return describeType(argumentDeclared(arg).type, plural);
}
