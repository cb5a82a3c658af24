// How argument aliases (integration.yml `aliases:`, the names XSOAR's Darktrace integrations use)
// show up where people meet them: help and the README's reference, and Tab in the war room. The
// coercion that accepts them is in args.ts.
import type { Argument, Command } from './schema.js';

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
