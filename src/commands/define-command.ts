// What a command handler is: a name (as in integration.yml), a zod object that gives the handler
// its TypeScript argument types and expresses rules that span arguments, and `run`, which calls the
// client and shapes the result. How war-room strings become values is the manifest's business
// (manifest/args.ts), not the handler's.
import type { z } from 'zod';
import type { DarktraceClient } from '../client/darktrace-client.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Params } from '../manifest/params.generated.js';

/** Context outputs keyed by path (`Darktrace.SimilarDevices`), markdown, and the API response. */
export interface CommandResult {
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly readable: string;
  readonly raw: unknown;
}

export interface CommandContext<A> {
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

export interface CommandHandler<A = Record<string, unknown>> {
  readonly name: string;
  readonly args: z.ZodObject<z.ZodRawShape>;
  run(context: CommandContext<A>): Promise<CommandResult>;
}

export function defineCommand<S extends z.ZodRawShape, O extends z.ZodObject<S>>(definition: {
  name: string;
  args: O;
  run(context: CommandContext<z.infer<O>>): Promise<CommandResult>;
}): CommandHandler<z.infer<O>> {
  return definition as unknown as CommandHandler<z.infer<O>>;
}
