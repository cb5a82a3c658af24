// Command name -> handler, through the manifest: arguments are coerced by their declared types
// before any client exists (so bad input never reaches the appliance), then the handler's `check`
// runs for rules the manifest cannot express, then the handler runs and its context paths are
// checked against the manifest's outputs.
import { isPlainObject } from '../appliance-values.js';
import type { DarktraceClient } from '../client/darktrace-client.js';
import type { AnyCommandArgs, CommandHandler, CommandResult } from '../commands/define-command.js';
import type { Clock } from '../clock.js';
import { ArgumentError, UndeclaredOutputError, UsageError } from '../errors.js';
import type { Logger } from '../log.js';
import { coerceArguments } from '../manifest/args.js';
import { bareCommandName, findCommand } from '../manifest/command-name.js';
import type { Params } from '../manifest/params.generated.js';
import { didYouMean } from '../suggest.js';
import type { Command, Manifest } from '../manifest/schema.js';

export interface DispatcherOptions {
  readonly manifest: Manifest;
  readonly handlers: readonly CommandHandler[];
  /** Called only once the arguments are valid. */
  readonly client: () => DarktraceClient;
  readonly clock: Clock;
  readonly log: Logger;
  /** Instance parameters handed to handlers that read configuration (see CommandContext.params). */
  readonly params?: Params;
}

export interface PreparedCommand {
  readonly declaration: Command;
  readonly handler: CommandHandler;
  readonly args: AnyCommandArgs;
}

export class CommandDispatcher {
  private readonly byName: ReadonlyMap<string, CommandHandler>;

  constructor(private readonly options: DispatcherOptions) {
    this.byName = new Map(options.handlers.map((handler) => [handler.name, handler]));
  }

  /** Validates everything that can be validated without the appliance. */
  prepare(name: string, rawArgs: Readonly<Record<string, string>>): PreparedCommand {
    // A war-room line names the command with its "!"; the API and exec may leave it out.
    const commandName = bareCommandName(name);
    const declaration = findCommand(this.options.manifest.script.commands, commandName);
    const handler = this.byName.get(commandName);
    if (!declaration || !handler) {
      const hint = didYouMean(
        commandName,
        this.options.manifest.script.commands.map((c) => c.name),
      );
      throw new UsageError(`unknown command ${JSON.stringify(commandName)}${hint}; run "darktrace-soar commands" to list them`);
    }
    // coerceArguments returns exactly the shape command-args.generated.ts declares for this command
    // (both are derived from the same manifest entry), which is what the handler's type says.
    const args = coerceArguments(declaration, rawArgs, this.options.clock) as AnyCommandArgs;
    const problem = handler.check?.(args);
    if (problem) throw new ArgumentError(problem.argument, commandName, problem.message);
    return { declaration, handler, args };
  }

  /** `signal` cancels the command: the handler's client aborts its requests on it. */
  async run(name: string, rawArgs: Readonly<Record<string, string>>, options: { signal?: AbortSignal } = {}): Promise<CommandResult & { command: string }> {
    const prepared = this.prepare(name, rawArgs);
    const { clock, log, params } = this.options;
    const { signal } = options;
    const client = signal ? this.options.client().withSignal(signal) : this.options.client();
    const result = await prepared.handler.run({ client, args: prepared.args, clock, log, ...(params ? { params } : {}), ...(signal ? { signal } : {}) });
    const undeclared = undeclaredOutputPaths(prepared.declaration, result.outputs);
    if (undeclared.length > 0) {
      throw new UndeclaredOutputError(prepared.declaration.name, undeclared);
    }
    return { command: prepared.declaration.name, ...result };
  }
}

/**
 * Leaf paths of `outputs` that the manifest does not declare. A path is declared when it is listed,
 * or when an ancestor is listed with type Unknown (which stands for any nested structure).
 */
export function undeclaredOutputPaths(declaration: Command, outputs: Readonly<Record<string, unknown>>): string[] {
  const exact = new Set(declaration.outputs.map((output) => output.contextPath));
  const open = declaration.outputs.filter((output) => output.type === 'Unknown').map((output) => output.contextPath);
  const covered = (path: string) => exact.has(path) || open.some((p) => path === p || path.startsWith(`${p}.`));
  const missing = new Set<string>();
  for (const path of leafPaths(outputs)) if (!covered(path)) missing.add(path);
  return [...missing];
}

function leafPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) {
    const inner = value.flatMap((v) => leafPaths(v, prefix));
    return inner.length > 0 ? inner : prefix ? [prefix] : [];
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return prefix ? [prefix] : [];
    return entries.flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  }
  return prefix ? [prefix] : [];
}
