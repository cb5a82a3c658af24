// The interactive war room: `darktrace-soar` with no subcommand on a terminal. Runs !commands
// against the configured instance with the same handlers and markdown as the platform, rendered for
// a terminal; completes command names, argument names and predefined values from the manifest; keeps
// history between runs in the user's data directory.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface, type Completer } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandOutput } from '../api/integration.js';
import { isDarktraceSoarError } from '../errors.js';
import { completeArgumentName, findArgument } from '../manifest/aliases.js';
import type { Command, Manifest } from '../manifest/schema.js';
import { renderForTerminal } from '../render/terminal.js';
import { escapeControlChars } from '../safe-text.js';
import { ReverseSearch } from './reverse-search.js';
import { MAX_LINE_CHARS, parseWarRoomLine } from './war-room-line.js';
import { findCommand } from '../manifest/command-name.js';

const HISTORY_SIZE = 500;
const BUILTINS = ['help', 'commands', 'exit', 'quit'];

export interface WarRoomOptions {
  readonly manifest: Manifest;
  /**
   * Runs one command; the war room builds the integration lazily so a typo costs no connection.
   * `signal` is aborted by Ctrl-C: the request in flight is aborted and the prompt comes back.
   */
  readonly execute: (command: string, args: Readonly<Record<string, string>>, signal: AbortSignal) => Promise<CommandOutput>;
  /** Markdown for `help [COMMAND]`, from the manifest. */
  readonly help: (command?: string) => string;
  readonly input: Readable;
  readonly output: Writable;
  readonly terminal: boolean;
  readonly historyFile?: string;
  readonly width?: number;
  /** Which appliance the session talks to, e.g. "prod (dt.example.com)": shown in the banner and prompt. */
  readonly instance?: { readonly label: string; readonly host?: string };
}

/** $DARKTRACE_SOAR_HISTORY, else $XDG_DATA_HOME/darktrace-soar/history, else ~/.local/share/... */
export function defaultHistoryFile(env: Readonly<Record<string, string | undefined>>): string {
  if (env.DARKTRACE_SOAR_HISTORY) return env.DARKTRACE_SOAR_HISTORY;
  const base = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(base, 'darktrace-soar', 'history');
}

export function createCompleter(manifest: Manifest): Completer {
  const commands = manifest.script.commands;
  return (line: string) => {
    const tokens = line.trimStart().split(/\s+/);
    const current = tokens[tokens.length - 1] ?? '';
    if (tokens.length <= 1) {
      // Typing the command without its "!" still completes to the "!" form the war room shows.
      const names = [...commands.map((c) => `!${c.name}`), ...BUILTINS];
      return [names.filter((n) => n.startsWith(current) || (!current.startsWith('!') && n.startsWith(`!${current}`))), current];
    }
    const first = tokens[0] ?? '';
    if (first === 'help') return [tokens.length === 2 ? commands.map((c) => c.name).filter((n) => n.startsWith(current)) : [], current];
    const command = findCommand(commands, first);
    if (!command) return [[], current];
    return [completeArgument(command, tokens.slice(1, -1), current), current];
  };
}

function completeArgument(command: Command, given: readonly string[], current: string): string[] {
  const eq = current.indexOf('=');
  if (eq >= 0) {
    const name = current.slice(0, eq);
    const prefix = current.slice(eq + 1).toLowerCase();
    const arg = findArgument(command, name);
    const values = arg?.predefined ?? (arg?.type === 'boolean' ? ['true', 'false'] : []);
    return values.filter((v) => v.toLowerCase().startsWith(prefix)).map((v) => `${name}=${v}`);
  }
  return completeArgumentName(
    command,
    given.map((t) => t.split('=')[0] ?? t),
    current,
  ).map((name) => `${name}=`);
}

/** History is a convenience: a file that cannot be read or written is reported once, never fatal. */
class History {
  private warned = false;

  constructor(
    private readonly file: string | undefined,
    private readonly print: (text: string) => void,
  ) {}

  /** Newest first, as readline wants it. */
  load(): string[] {
    if (!this.file) return [];
    try {
      return readFileSync(this.file, 'utf8').split('\n').filter(Boolean).slice(-HISTORY_SIZE).reverse();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(err); // ENOENT: the first session
      return [];
    }
  }

  /** Appends a line; past twice the kept size, rewrites the file with the newest HISTORY_SIZE lines. */
  remember(line: string): void {
    if (!this.file) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      appendFileSync(this.file, `${line.replace(/\n/g, ' ')}\n`, { mode: 0o600 });
      const lines = readFileSync(this.file, 'utf8').split('\n').filter(Boolean);
      if (lines.length > 2 * HISTORY_SIZE) writeFileSync(this.file, `${lines.slice(-HISTORY_SIZE).join('\n')}\n`, { mode: 0o600 });
    } catch (err) {
      this.warn(err);
    }
  }

  private warn(err: unknown): void {
    if (this.warned) return;
    this.warned = true;
    this.print(`(history is off for this session: ${this.file}: ${(err as NodeJS.ErrnoException).code ?? 'cannot be used'})`);
  }
}

/** Runs until the input ends, the analyst types exit, or presses Ctrl-C twice on an empty line. */
export async function runWarRoom(options: WarRoomOptions): Promise<void> {
  const width = options.width ?? 100;
  // Answers, errors and help all pass here: appliance text never reaches the terminal raw.
  const print = (text: string) => options.output.write(escapeControlChars(text.endsWith('\n') ? text : `${text}\n`));
  const history = new History(options.historyFile, print);
  const entries = history.load();
  const prompt = options.instance?.host ? `darktrace@${escapeControlChars(options.instance.host)}> ` : 'darktrace> ';
  const search = options.terminal ? new ReverseSearch(options.input, () => entries, prompt) : undefined;
  const rl = createInterface({
    input: search?.input ?? options.input,
    output: options.output,
    terminal: options.terminal,
    completer: createCompleter(options.manifest),
    history: [...entries],
    historySize: HISTORY_SIZE,
    prompt,
  });
  search?.attach(rl);
  let running: AbortController | undefined;
  let leaving = false;
  // Ctrl-C cancels the running command; otherwise it clears the line, as in a shell, and a second
  // one on an empty line leaves. Without a listener readline would pause the input instead.
  rl.on('SIGINT', () => {
    if (running) {
      running.abort();
      return;
    }
    if (rl.line === '' && leaving) {
      print('');
      rl.close();
      return;
    }
    leaving = rl.line === '';
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
    print(leaving ? '^C (press Ctrl-C again to leave, or type exit)' : '^C');
    rl.prompt();
  });
  print(
    `${options.manifest.display} war room. Type !<command> args, "help", "help <command>" or "exit". Tab completes, Ctrl-R searches the history, Ctrl-C cancels.`,
  );
  if (options.instance) print(`Instance: ${options.instance.label}`);
  rl.prompt();
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      leaving = false;
      if (line === 'exit' || line === 'quit') break;
      if (line) {
        // A line over the limit is refused below; it is not worth megabytes of history either.
        if (line.length <= MAX_LINE_CHARS) {
          history.remember(line);
          entries.unshift(line);
        }
        running = new AbortController();
        await handleLine(line, options, print, width, running.signal);
        running = undefined;
      }
      rl.prompt();
    }
  } finally {
    rl.close();
  }
}

async function handleLine(line: string, options: WarRoomOptions, print: (t: string) => void, width: number, signal: AbortSignal): Promise<void> {
  try {
    if (line === 'help' || line === 'commands' || line.startsWith('help ')) {
      print(renderForTerminal(options.help(line.startsWith('help ') ? line.slice(5).trim() : undefined), width));
      return;
    }
    const parsed = parseWarRoomLine(line);
    // The prompt comes back at Ctrl-C even if the command does not stop at once (a validation
    // waiting for its next window): its client refuses every request from then on.
    const cancelled = new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true }));
    const result = await Promise.race([options.execute(parsed.command, parsed.args, signal), cancelled]);
    if (result === undefined || signal.aborted) {
      print('^C cancelled; the request was aborted');
      return;
    }
    print(renderForTerminal(result.readable, width));
  } catch (err) {
    // Only our errors are an answer to show; anything else is a bug and ends the session (cli/main reports it).
    if (!isDarktraceSoarError(err)) throw err;
    print(`error: ${err.message} [${err.code}]`);
  }
}
