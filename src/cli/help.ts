// `commands` and `help COMMAND`, rendered from the manifest so they can never drift from it.
// Nothing here loads zod or the YAML parser: the compiled manifest is plain JSON, validated when it
// was built, and the validating loader is imported only when there is no current compiled copy
// (issue #14: these subcommands start about as fast as bare node).
import { UsageError } from '../errors.js';
import { labelWithAliases } from '../manifest/aliases.js';
import { describeExpected } from '../manifest/args.js';
import { readCompiledManifest } from '../manifest/compiled.js';
import type { Command, Manifest } from '../manifest/schema.js';
import { joinSections, renderNote, renderTable } from '../render/markdown.js';
import { didYouMean } from '../suggest.js';
import type { CliIo, GlobalOptions } from './io.js';
import { present } from './present.js';
import { SUBCOMMAND_HELP } from './usage.js';
import { bareCommandName, findCommand } from '../manifest/command-name.js';

async function currentManifest(): Promise<Manifest> {
  return readCompiledManifest() ?? (await import('../manifest/load.js')).loadManifest();
}

export async function listCommands(global: Pick<GlobalOptions, 'markdown'>, io: CliIo): Promise<number> {
  io.out(present(commandsMarkdown(await currentManifest()), io, global));
  return 0;
}

export async function helpCommand(name: string | undefined, global: Pick<GlobalOptions, 'markdown'>, io: CliIo): Promise<number> {
  io.out(present(helpMarkdown(name, await currentManifest()), io, global));
  return 0;
}

export function commandsMarkdown(manifest: Manifest): string {
  return renderTable(
    `${manifest.display} commands`,
    manifest.script.commands.map((c) => ({ command: c.name, description: c.description })),
  );
}

/** A command's arguments and outputs, or the command list when no name is given. */
export function helpMarkdown(name: string | undefined, manifest: Manifest): string {
  if (!name) return commandsMarkdown(manifest);
  const wanted = bareCommandName(name);
  const command = findCommand(manifest.script.commands, name);
  if (!command && SUBCOMMAND_HELP[name] !== undefined) {
    throw new UsageError(`${name} is a subcommand of darktrace-soar, not a war-room command; see "darktrace-soar ${name} --help"`);
  }
  if (!command) {
    const known = [...manifest.script.commands.map((c) => c.name), ...Object.keys(SUBCOMMAND_HELP)];
    const hint = didYouMean(wanted, known);
    throw new UsageError(`unknown command ${JSON.stringify(name)}${hint}; run "darktrace-soar commands" to list them`);
  }
  return joinSections(
    renderNote(command.name, command.description),
    command.example ? renderNote('Example', command.example) : undefined,
    renderTable('Arguments', argumentRows(command), { emptyText: 'This command takes no arguments.' }),
    renderTable('Context outputs', outputRows(command), { emptyText: 'This command writes no context.' }),
  );
}

export function argumentRows(command: Command): Array<Record<string, string>> {
  return command.arguments.map((a) => ({
    argument: labelWithAliases(a),
    required: a.required ? 'yes' : 'no',
    accepts: `${a.isArray ? 'comma-separated list: ' : ''}${describeExpected(a, a.isArray)}`,
    default: a.defaultValue ?? '',
    description: a.description,
  }));
}

export function outputRows(command: Command): Array<Record<string, string>> {
  return command.outputs.map((o) => ({ path: o.contextPath, type: o.type, description: o.description }));
}
