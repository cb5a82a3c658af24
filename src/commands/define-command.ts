// What a command handler is: the command's name (as in integration.yml), an optional `check` for a
// rule the manifest cannot express, and `run`, which calls the client and shapes the result.
//
// Arguments are declared once, in integration.yml. `npm run generate` turns each command's arguments
// into an interface in manifest/command-args.generated.ts, and defineCommand looks the handler's
// `args` type up by the command's name; manifest/args.ts turns the war-room strings into those values
// (types, bounds, defaults, predefined values) before the handler runs. So a handler reads:
//
//   export const getSimilarDevices = defineCommand('darktrace-get-similar-devices', {
//     async run({ client, args }) {            // args: { readonly did: number; readonly max_results: number }
//       const { items } = await client.similarDevices({ did: args.did, count: args.max_results });
//       ...
//     },
//   });
//
// A rule about one argument's form that the manifest has no key for (a model UUID), or one that spans
// arguments ("did or ip", an end not before its start), goes in `check`: it returns the argument to
// blame and the expected form in words, and the dispatcher refuses the command with DT_ARG_INVALID
// before any request is made. Adding or changing an argument: edit integration.yml, run
// `npm run generate`, commit both (a contract test fails on a stale generated file).
//
// Converting a handler written as defineCommand({ name, args: z.object(...), run }): pass the name
// first, delete `args` (integration.yml already declares them; check that its types and defaults say
// what the zod object said), move a .refine/.superRefine or a .regex into `check`, list the
// command's `endpoints` in integration.yml and put the route line that
// test/contract/add-a-command.test.ts prints at the top of the file.
import type { DarktraceClient } from '../client/darktrace-client.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { CommandArgs } from '../manifest/command-args.generated.js';
import type { Params } from '../manifest/params.generated.js';

/** Context outputs keyed by path (`Darktrace.SimilarDevices`), markdown, and the API response. */
export interface CommandResult {
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly readable: string;
  readonly raw: unknown;
}

interface CommandContext<A> {
  readonly client: DarktraceClient;
  readonly args: A;
  readonly clock: Clock;
  readonly log: Logger;
  /**
   * The instance parameters, for commands that read configuration beside their arguments (the
   * security-validation commands read query_time, field_map ...). Optional so that callers that
   * have none (unit tests) need not invent them. Typed from integration.yml (a type-only import:
   * commands/ does not run manifest code).
   */
  readonly params?: Params;
  /**
   * Set when the caller can cancel (the war room's Ctrl-C). `client` already aborts its requests on
   * it; a handler that waits between requests (validate-action) may also stop waiting.
   */
  readonly signal?: AbortSignal;
}

/** The name of a command declared in integration.yml. */
export type CommandName = keyof CommandArgs;

/** The coerced arguments of some command (the dispatcher's view; a handler sees its own). */
export type AnyCommandArgs = CommandArgs[CommandName];

/** Why a command's arguments are refused: the argument to blame and what was expected, in words. */
interface ArgumentProblem {
  readonly argument: string;
  readonly message: string;
}

export interface CommandHandler<N extends CommandName = CommandName> {
  readonly name: N;
  /** A rule the manifest cannot express; undefined when the arguments are fine. Runs before any client exists. */
  check?(args: CommandArgs[N]): ArgumentProblem | undefined;
  run(context: CommandContext<CommandArgs[N]>): Promise<CommandResult>;
}

export function defineCommand<N extends CommandName>(name: N, definition: Omit<CommandHandler<N>, 'name'>): CommandHandler<N> {
  return { name, ...definition };
}
