// `darktrace-soar exec`: the execution protocol a playbook platform drives. One JSON request on
// stdin, { command, args, params, lastRun }, one JSON answer on stdout, { ok, results | error,
// incidents, quarantined, lastRun }, and nothing else on stdout. A command that fails is still a well-formed
// answer (exit 0, the error inside); only a request that is not JSON or not of that shape exits 2.
import { z } from 'zod';
import type { CommandOutput, Integration } from '../api/integration.js';
import { asOurError, localSystemError, UsageError, type ErrorCode } from '../errors.js';
import { openInstance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';

/**
 * The largest exec request read from stdin: 16 MiB. A request is parameters plus one command's
 * arguments (each at most 1 MiB, src/manifest/args.ts) and a checkpoint of a few KB, so 16 MiB is
 * ample; past it the request is refused with its JSON answer before the rest is read (issue #12:
 * a 150 MB request died without an answer).
 */
export const EXEC_MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export const EXEC_TEST_MODULE = 'test-module';
export const EXEC_FETCH_INCIDENTS = 'fetch-incidents';

const ArgumentValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);

export const ExecRequestSchema = z.strictObject({
  command: z.string().min(1),
  args: z.record(z.string(), ArgumentValueSchema).default({}),
  params: z.record(z.string(), z.unknown()),
  lastRun: z.unknown().optional(),
});
export type ExecRequest = z.infer<typeof ExecRequestSchema>;

export interface ExecError {
  /** One of ours (src/errors.ts); DT_INTERNAL for a bug. */
  readonly code: ErrorCode;
  readonly message: string;
  readonly exitCode: number;
}

export type ExecAnswer =
  { ok: true; results: CommandOutput | 'ok' | null; incidents?: unknown[]; quarantined?: unknown[]; lastRun?: unknown } | { ok: false; error: ExecError };

/** `input` is undefined when stdin held more than EXEC_MAX_REQUEST_BYTES. */
export async function runExec(options: GlobalOptions, io: CliIo, input: string | undefined): Promise<number> {
  let request: ExecRequest;
  try {
    if (input === undefined) {
      throw new UsageError(
        `exec request is larger than ${EXEC_MAX_REQUEST_BYTES / 1024 / 1024} MiB (${EXEC_MAX_REQUEST_BYTES} bytes); it was not read further`,
      );
    }
    request = parseRequest(input);
  } catch (err) {
    return answerFailure(err, io);
  }
  io.out(`${JSON.stringify(await answer(request, options, io))}\n`);
  return 0;
}

/** Our words for the first problem zod found (STYLE.md: never zod's default text). */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the request';
  if (issue?.code === 'unrecognized_keys') return `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}`;
  const top = issue?.path[0];
  const expected =
    issue?.path.length === 0
      ? 'a JSON object'
      : top === 'command'
        ? 'a command name'
        : top === 'params'
          ? 'an object of instance parameter values'
          : top === 'args' && issue?.path.length === 1
            ? 'an object of argument values'
            : top === 'args'
              ? 'text, a number, true/false, or a list of text and numbers'
              : 'another value';
  return `${where}: expected ${expected}`;
}

export function parseRequest(input: string): ExecRequest {
  let data: unknown;
  try {
    data = JSON.parse(input);
  } catch {
    throw new UsageError('exec expects one JSON request on stdin: {"command", "args", "params", "lastRun"}');
  }
  const parsed = ExecRequestSchema.safeParse(data);
  if (!parsed.success) throw new UsageError(`exec request: ${describeIssue(parsed.error.issues[0])}; the shape is {"command", "args", "params", "lastRun"}`);
  return parsed.data;
}

async function answer(request: ExecRequest, options: GlobalOptions, io: CliIo): Promise<ExecAnswer> {
  let integration: Integration | undefined;
  try {
    // Parameters come from the request only; the process environment does not override a platform.
    integration = openInstance({ env: io.env, file: request.params, fileLabel: 'request params', paramsFromEnv: false, verbose: options.verbose });
    if (request.command === EXEC_TEST_MODULE) return { ok: true, results: await integration.test() };
    if (request.command === EXEC_FETCH_INCIDENTS) {
      const cycle = await integration.fetchIncidents(request.lastRun);
      // Records that could not become incidents, apart, so that a platform can alert on them.
      return { ok: true, results: null, incidents: cycle.incidents, quarantined: cycle.quarantined, lastRun: cycle.lastRun };
    }
    return { ok: true, results: await integration.execute(request.command, request.args) };
  } catch (err) {
    return failure(err);
  } finally {
    await integration?.close();
  }
}

/** A request the protocol cannot take (not JSON, not the shape, a bad command line): one JSON answer, exit 2. */
export function answerFailure(err: unknown, io: Pick<CliIo, 'out'>): number {
  io.out(`${JSON.stringify(failure(err))}\n`);
  return 2;
}

function failure(thrown: unknown): { ok: false; error: ExecError } {
  // A file or port of this host that failed is said so, not called an internal error.
  const err = asOurError(localSystemError(thrown) ?? thrown);
  return { ok: false, error: { code: err.code, message: err.message, exitCode: err.exitCode } };
}
