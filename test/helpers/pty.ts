// Runs the real CLI in a pseudo-terminal through util-linux `script` (node-pty is not available):
// stdin, stdout and stderr are then a TTY, as for a person at a terminal. `script -qfec CMD
// /dev/null` runs CMD in a new pty, copies its output to ours as it comes (-f), and exits with its
// code (-e). The terminal turns "\n" into "\r\n"; `text` undoes that.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { BIN } from './run-cli.js';

export interface PtySession {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything the terminal showed so far, with "\r\n" as "\n". */
  text(): string;
  /** Resolves once the terminal showed `pattern` after `from` characters (an event, not a sleep). */
  waitFor(pattern: string | RegExp, from?: number): Promise<number>;
  /** Types keys (raw bytes: "\x03" is Ctrl-C, "\r" is Enter). */
  type(keys: string): void;
  exit(): Promise<number | null>;
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function startInPty(args: readonly string[], env: Readonly<Record<string, string>> = {}, cwd = process.cwd()): PtySession {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), TERM: 'xterm', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    for (const check of waiters.splice(0)) check();
  });
  const exited = once(child, 'close') as Promise<[number | null]>;
  const text = () => output.replace(/\r\n/g, '\n');
  return {
    child,
    text,
    waitFor(pattern, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const rest = text().slice(from);
          const index = typeof pattern === 'string' ? rest.indexOf(pattern) : rest.search(pattern);
          if (index >= 0) resolve(from + index);
          else waiters.push(check);
        };
        void exited.then(() => reject(new Error(`exited before showing ${String(pattern)}; showed:\n${text()}`)));
        check();
      });
    },
    type(keys) {
      child.stdin.write(keys);
    },
    async exit() {
      const [code] = await exited;
      return code;
    },
  };
}

/** Runs to the end in a pty; resolves to what the terminal showed and the exit code. */
export async function runInPty(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<{ code: number | null; text: string }> {
  const session = startInPty(args, env);
  const code = await session.exit();
  return { code, text: session.text() };
}
