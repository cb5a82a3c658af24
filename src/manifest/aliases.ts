// Other names of parameters and arguments (integration.yml `aliases:`, the names XSOAR's Darktrace
// integrations use): how given values are renamed to ours, for parameters (config/aliases.ts) and
// arguments (args.ts) alike, and how aliases show up where people meet them: help, the README's
// reference, and Tab in the war room.
import type { Argument, Command } from './schema.js';

/** A parameter or an argument as far as its names go. */
interface Named {
  readonly name: string;
  readonly aliases?: readonly string[] | undefined;
}

/** A declared name given twice, under `first` and then under `second` (at least one an alias). */
interface NameClash {
  readonly name: string;
  readonly first: string;
  readonly second: string;
}

export interface Renamed<V> {
  /** The values under their declared names; names that are neither stay as given (for the unknown-name check). */
  readonly values: Record<string, V>;
  /** Declared name -> the alias its value was given under. */
  readonly givenAs: ReadonlyMap<string, string>;
  /** Every declared name given more than once, in the order given; the first value is kept. */
  readonly clashes: readonly NameClash[];
}

/**
 * The given values keyed by declared names. A name and its alias together are a clash, even when
 * the values agree: which one was meant cannot be known.
 */
export function renameAliases<V>(declared: readonly Named[], given: Readonly<Record<string, V>>): Renamed<V> {
  const nameOf = new Map<string, string>();
  for (const d of declared) for (const alias of d.aliases ?? []) nameOf.set(alias, d.name);
  for (const d of declared) nameOf.set(d.name, d.name);
  // No prototype: a "__proto__" key (a JSON config, a platform's argument) stays a key, refused
  // later as unknown, instead of becoming the prototype every lookup would read through.
  const values = Object.create(null) as Record<string, V>;
  const givenAs = new Map<string, string>();
  const clashes: NameClash[] = [];
  for (const [key, value] of Object.entries(given)) {
    const name = nameOf.get(key) ?? key;
    if (Object.hasOwn(values, name)) {
      clashes.push({ name, first: givenAs.get(name) ?? name, second: key });
      continue;
    }
    values[name] = value;
    if (name !== key) givenAs.set(name, key);
  }
  return { values, givenAs, clashes };
}

/** The declared argument a name stands for: its own name or one of its aliases. */
export function findArgument(command: Command, name: string): Argument | undefined {
  return command.arguments.find((a) => a.name === name) ?? command.arguments.find((a) => a.aliases?.includes(name) === true);
}

/** "did (or deviceId)": an argument's or a parameter's name as help and the reference show it. */
export function labelWithAliases(arg: { readonly name: string; readonly aliases?: readonly string[] | undefined }): string {
  return arg.aliases ? `${arg.name} (or ${arg.aliases.join(', ')})` : arg.name;
}

/**
 * Argument names to offer for `current`, leaving out every argument already given under any of its
 * names (both at once is an error). Our names always; an alias only once the typed prefix matches it,
 * so that a bare Tab lists each argument once.
 */
export function completeArgumentName(command: Command, given: readonly string[], current: string): string[] {
  const used = new Set(given.map((name) => findArgument(command, name)?.name ?? name));
  return command.arguments
    .filter((a) => !used.has(a.name))
    .flatMap((a) => [a.name, ...(current === '' ? [] : (a.aliases ?? []))])
    .filter((name) => name.startsWith(current));
}
