// The CLI entry: argv -> subcommand. The only place that writes to stdout and sets the exit code.
// Subcommands are imported on demand so that `run` does not pay for the simulator or the fetcher.
import { parseArgs } from 'node:util';
import { describeErrno, isDarktraceSoarError, localSystemError, redactSecrets, UsageError } from '../errors.js';
import { escapeControlChars } from '../safe-text.js';
import { writeAccepted, type CliIo, type GlobalOptions } from './io.js';
import { didYouMean } from '../suggest.js';
import { SUBCOMMAND_HELP, USAGE } from './usage.js';

const OPTIONS = {
  config: { type: 'string' },
  instance: { type: 'string' },
  json: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'V', default: false },
  markdown: { type: 'boolean', default: false },
  port: { type: 'string' },
  tls: { type: 'boolean', default: false },
  data: { type: 'string' },
  check: { type: 'boolean', default: false },
  state: { type: 'string' },
  out: { type: 'string' },
  interval: { type: 'string' },
  cycles: { type: 'string' },
  all: { type: 'boolean', default: false },
  'state-dir': { type: 'string' },
  'out-dir': { type: 'string' },
  concurrency: { type: 'string' },
  ips: { type: 'string' },
  hostnames: { type: 'string' },
  start: { type: 'string' },
  now: { type: 'string' },
  query: { type: 'string' },
  'query-time': { type: 'string' },
  'delay-time': { type: 'string' },
  'query-interval': { type: 'string' },
  comment: { type: 'string' },
  mirror: { type: 'boolean', default: false },
} as const;

type Parsed = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
type Subcommand = (positionals: readonly string[], values: Parsed['values'], global: GlobalOptions, io: CliIo) => Promise<number>;

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  run: async (p, _v, g, io) => (await import('./run-command.js')).runCommandLine(p.join(' ') || undefined, g, io),
  test: async (_p, _v, g, io) => (await import('./test-connection.js')).runTest(g, io),
  commands: async (_p, _v, g, io) => (await import('./help.js')).listCommands(g, io),
  help: async (p, _v, g, io) => {
    // `help fetch` is about the subcommand; `help darktrace-...` about a war-room command.
    const subcommandHelp = p[0] === undefined ? undefined : SUBCOMMAND_HELP[p[0]];
    if (subcommandHelp !== undefined) {
      io.out(subcommandHelp);
      return 0;
    }
    return (await import('./help.js')).helpCommand(p[0], g, io);
  },
  demo: async (_p, _v, g, io) => (await import('./demo.js')).runDemo(g, io),
  docs: async (_p, v, _g, io) => (await import('./docs.js')).runDocs({ check: v.check }, io),
  'war-room': async (_p, _v, g, io) => (await import('./war-room-session.js')).runWarRoomSession(g, io, terminalStreams()),
  exec: async (p, v, g, io) => {
    if (p.length > 0 || v.config !== undefined || v.instance !== undefined) {
      throw new UsageError('exec takes no arguments and no --config/--instance: the parameters come in the JSON request on stdin');
    }
    const exec = await import('./exec.js');
    return exec.runExec(g, io, io.readStdin ? await io.readStdin(exec.EXEC_MAX_REQUEST_BYTES) : '');
  },
  simulate: async (_p, v, _g, io) =>
    (await import('./simulate.js')).runSimulator(
      { tls: v.tls, ...(v.port !== undefined ? { port: v.port } : {}), ...(v.data !== undefined ? { data: v.data } : {}) },
      io,
    ),
  validate: async (_p, v, g, io) =>
    (await import('./validate.js')).runValidate(
      {
        ips: v.ips,
        hostnames: v.hostnames,
        start: v.start,
        now: v.now,
        query: v.query,
        queryTime: v['query-time'],
        delayTime: v['delay-time'],
        queryInterval: v['query-interval'],
      },
      g,
      io,
    ),
  close: async (p, v, g, io) => (await import('./close.js')).runClose(p, { comment: v.comment }, g, io),
  fetch: async (_p, v, g, io) => {
    const [{ runFetch }, { withElapsedProgress }] = await Promise.all([import('./fetch.js'), import('./progress.js')]);
    return withElapsedProgress('fetch', io, (quiet) => runFetch({ state: v.state, out: v.out }, g, quiet));
  },
  poll: async (_p, v, g, io) => {
    if (v.all && v.mirror) throw new UsageError('poll --mirror runs one instance; --all does not mirror (run one poll --mirror per instance)');
    return v.all
      ? (await import('./poll-all.js')).runPollAll(
          { stateDir: v['state-dir'], outDir: v['out-dir'], interval: v.interval, cycles: v.cycles, concurrency: v.concurrency },
          g,
          io,
        )
      : (await import('./poll.js')).runPoll({ state: v.state, out: v.out, interval: v.interval, cycles: v.cycles, mirror: v.mirror }, g, io);
  },
};

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  // Under the exec protocol even a bad command line is answered with one JSON document on stdout.
  const execProtocol = argv[0] === 'exec';
  try {
    let parsed: Parsed;
    try {
      parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (err) {
      // node:util's first sentence names the problem; its advice about '--' does not apply here.
      const problem = (err as Error).message.split(/\.\s|\n/)[0] ?? 'bad options';
      const unknown = /^Unknown option '--([^']+)'/.exec(problem)?.[1];
      const hint = unknown === undefined ? '' : didYouMean(unknown, Object.keys(OPTIONS)).replace(/"([^"]+)"/, '"--$1"');
      throw new UsageError(`${problem}${hint}; run "darktrace-soar --help" for the options`);
    }
    const [name, ...rest] = parsed.positionals;
    if (name === undefined && !parsed.values.help && io.stdinIsTty && io.stdoutIsTty) {
      return await (await import('./war-room-session.js')).runWarRoomSession(globalOptions(parsed.values), io, terminalStreams());
    }
    if (parsed.values.version) {
      io.out(`darktrace-soar ${(await import('./version.js')).packageVersion()}\n`);
      return 0;
    }
    if (parsed.values.help) {
      // `<subcommand> --help` is that subcommand's own text (exec's too: text, exit 0, not a JSON answer).
      io.out((name === undefined ? undefined : SUBCOMMAND_HELP[name]) ?? USAGE);
      return 0;
    }
    if (name === undefined) {
      // A mistake, not a request for help: the usage goes to stderr, stdout stays empty.
      io.err(USAGE);
      return 2;
    }
    const subcommand = SUBCOMMANDS[name];
    if (!subcommand) {
      const hint = didYouMean(name, Object.keys(SUBCOMMANDS));
      throw new UsageError(`unknown subcommand ${JSON.stringify(name)}${hint || `; the subcommands are ${Object.keys(SUBCOMMANDS).join(', ')}`}`);
    }
    // `commands` and `help` make no request; node:v8 is itself a few ms of their start.
    if (name !== 'commands' && name !== 'help') await raiseWasmTieringBudget();
    return await subcommand(rest, parsed.values, globalOptions(parsed.values), io);
  } catch (err) {
    return execProtocol ? (await import('./exec.js')).answerFailure(err, io) : reportError(err, io);
  }
}

function globalOptions(values: Parsed['values']): GlobalOptions {
  return {
    json: values.json,
    markdown: values.markdown,
    verbose: values.verbose,
    ...(values.config ? { config: values.config } : {}),
    ...(values.instance ? { instance: values.instance } : {}),
  };
}

function terminalStreams() {
  // A terminal reports its width; piped output honours COLUMNS, as other CLIs do.
  const width = process.stdout.columns || Number(process.env.COLUMNS) || undefined;
  return { input: process.stdin, output: process.stdout, terminal: Boolean(process.stdin.isTTY), ...(width ? { width } : {}) };
}

function reportError(thrown: unknown, io: CliIo): number {
  // A file, folder or port of this host (ENOENT, EACCES, EISDIR, ENOSPC, EADDRINUSE ...) is named
  // with the errno in words: the operator can fix it, so it is no "internal error".
  const err = localSystemError(thrown) ?? thrown;
  if (isDarktraceSoarError(err)) {
    // Messages can quote appliance text (its error bodies) and user input: no raw control characters.
    io.err(`darktrace-soar: ${escapeControlChars(err.message)} [${err.code}]\n`);
    return err.exitCode;
  }
  // Not one of ours: a bug. Say so plainly; the stack goes to stderr only with DARKTRACE_SOAR_DEBUG set.
  const detail = redactSecrets(err instanceof Error ? err.message : String(err));
  io.err(`darktrace-soar: internal error: ${escapeControlChars(detail)}\n`);
  if (io.env.DARKTRACE_SOAR_DEBUG) io.err(`${escapeControlChars(redactSecrets((err as Error)?.stack ?? ''))}\n`);
  return 1;
}

/**
 * undici parses HTTP with llhttp compiled to WebAssembly, and V8 tiers the parser up to optimised
 * code after about 1.8 MB "executed" (--wasm-tiering-budget): one small answer is enough, and that
 * compile of llhttp's large state machine cost ~100 ms of CPU per command on the 2-core machine
 * (whole process 0.28 s -> 0.18 s CPU for one GET, measured with Node 20.20 and undici 7.30.2).
 * Ten times the budget: a war-room command never pays for it, a fetch of megabytes still tiers
 * up early. Set before undici compiles llhttp (at the first request), by main() (the CLI's own
 * process only, never a library user's).
 */
const WASM_TIERING_BUDGET = 18_000_000;

async function raiseWasmTieringBudget(): Promise<void> {
  (await import('node:v8')).setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
}

/** Process wiring, used by bin/darktrace-soar. */
export async function runProcess(): Promise<void> {
  const io: CliIo = {
    // The last guard before a terminal: markdown, tables and messages are already neutralised where
    // they are built; this catches text built by hand. JSON output is unaffected in meaning: the
    // characters escaped here are ones JSON may carry raw (DEL, C1, bidi), and `\u009b` in a JSON
    // string is the same data (src/safe-text.ts).
    out: (text) => process.stdout.write(escapeControlChars(text)),
    outDurable: (text) => writeAccepted(process.stdout, escapeControlChars(text)),
    err: (text) => process.stderr.write(escapeControlChars(text)),
    progress: (text) => process.stderr.write(text),
    env: process.env,
    stdoutIsTty: Boolean(process.stdout.isTTY),
    stdinIsTty: Boolean(process.stdin.isTTY),
    stderrIsTty: Boolean(process.stderr.isTTY),
    // A terminal reports its width; piped output honours COLUMNS, as other CLIs do.
    columns: process.stdout.columns || Number(process.env.COLUMNS) || undefined,
    readStdin: async (maxBytes = Number.POSITIVE_INFINITY) => {
      // Decode once, at the end: a multi-byte character can straddle two 64 KiB chunks.
      const chunks: Buffer[] = [];
      let bytes = 0;
      for await (const chunk of process.stdin) {
        bytes += (chunk as Buffer).length;
        // Leaving the loop destroys stdin: the rest of an oversized request is never read.
        if (bytes > maxBytes) return undefined;
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
  };
  const stdoutFailure = watchStdout();
  const code = await main(process.argv.slice(2), io);
  process.exitCode = code;
  // A closed reader or a full disk under a plain result write (run, exec, commands, help): one line,
  // exit 1, instead of Node's unhandled 'error' stack. The fetcher reports its own (DT_DELIVERY).
  process.once('exit', () => {
    const err = stdoutFailure();
    if (err === undefined || code !== 0) return;
    process.stderr.write(`darktrace-soar: cannot write the results to stdout: ${describeErrno(err.code ?? 'error')} [DT_LOCAL_IO]\n`);
    process.exitCode = 1;
  });
}

/** Absorbs stdout's 'error' event (EPIPE, ENOSPC) and returns a reader of the first one. */
function watchStdout(): () => NodeJS.ErrnoException | undefined {
  let first: NodeJS.ErrnoException | undefined;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    first ??= err;
  });
  return () => first;
}
