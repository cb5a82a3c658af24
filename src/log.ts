// Structured logs go to stderr (fd 2) through pino; stdout carries results only. Redaction paths
// are built from the secret parameters the manifest declares plus the signed headers, never from
// user input (pino docs/redaction.md). Header names are lower-cased before they are logged
// because pino paths are case-sensitive. Appliance text in a message or field must not act on a
// terminal: JSON.stringify escapes C0 controls, and the streamWrite hook escapes the rest (DEL, C1,
// bidi overrides) the JSON way, so a line stays valid JSON with the same data (src/safe-text.ts).
// On a terminal the same lines are reformatted, short and readable (prettyLine below): a small
// formatter of our own rather than pino-pretty, whose dependency tree (colorette, dateformat,
// fast-copy, help-me, pump, secure-json-parse, sonic-boom ...) is larger than the feature.
// pino itself is loaded on the first line that is logged, not at start: a war-room command logs
// nothing at the default level `warn` unless something goes wrong, and pino with its dependencies
// cost ~10 ms of every cold start (issue #14). A logger's level is known without pino.
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Pino from 'pino';
import type { DestinationStream, Logger as PinoLogger } from 'pino';
import { escapeControlChars, escapeControlCharsInJson } from './safe-text.js';

type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

interface LogFn {
  (fields: object, msg?: string): void;
  (msg: string): void;
}

/** What the code logs through; a pino Logger (a library user's own) is one too. */
export interface Logger {
  level: string;
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  trace: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

/** pino's numeric levels (pino docs/api.md, "logger.levels"); a name we do not know logs everything. */
const LEVEL_VALUES: Readonly<Record<string, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/** Creates the pino logger behind a LazyLogger, at the level it has when the first line is logged. */
type PinoFactory = (level: string) => PinoLogger;

/** A Logger that creates its pino logger when a line at an enabled level is first logged. */
class LazyLogger implements Logger {
  #pino: PinoLogger | undefined;
  #level: string;
  readonly #create: PinoFactory;

  constructor(create: PinoFactory, level: string) {
    this.#create = create;
    this.#level = level;
  }

  get level(): string {
    return this.#pino?.level ?? this.#level;
  }

  set level(level: string) {
    if (this.#pino) this.#pino.level = level;
    else this.#level = level;
  }

  /** The pino logger, created now if it was not yet. */
  real(): PinoLogger {
    return (this.#pino ??= this.#create(this.#level));
  }

  child(bindings: Record<string, unknown>): Logger {
    return new LazyLogger((level) => {
      const child = this.real().child(bindings);
      child.level = level;
      return child;
    }, this.level);
  }

  #log(level: Exclude<LogLevel, 'silent'>, args: [object | string, string?]): void {
    if ((LEVEL_VALUES[level] ?? 0) < (LEVEL_VALUES[this.level] ?? 0)) return;
    const real = this.real();
    if (typeof args[0] === 'string') real[level](args[0]);
    else real[level](args[0], args[1]);
  }

  readonly fatal: LogFn = (...args: [object | string, string?]) => this.#log('fatal', args);
  readonly error: LogFn = (...args: [object | string, string?]) => this.#log('error', args);
  readonly warn: LogFn = (...args: [object | string, string?]) => this.#log('warn', args);
  readonly info: LogFn = (...args: [object | string, string?]) => this.#log('info', args);
  readonly debug: LogFn = (...args: [object | string, string?]) => this.#log('debug', args);
  readonly trace: LogFn = (...args: [object | string, string?]) => this.#log('trace', args);
}

/** pino, loaded on demand (a CommonJS package: require() is synchronous, as logging is). */
function loadPino(): typeof Pino.pino {
  return (createRequire(import.meta.url)('pino') as typeof Pino).pino;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Names of the instance parameters the manifest marks secret (public_api_token, ...). */
  secretParameters?: readonly string[];
  /** Where to write; defaults to fd 2. Tests pass a Writable to capture lines. */
  destination?: DestinationStream;
  /** Short readable lines instead of JSON (stderr is a terminal); colour unless `color` is false. */
  pretty?: { color: boolean };
}

const LEVELS: Readonly<Record<number, { name: string; color: string }>> = {
  10: { name: 'TRACE', color: '90' },
  20: { name: 'DEBUG', color: '36' },
  30: { name: 'INFO', color: '32' },
  40: { name: 'WARN', color: '33' },
  50: { name: 'ERROR', color: '31' },
  60: { name: 'FATAL', color: '41' },
};

/**
 * One pino JSON line as `12:04:05 WARN retrying attempt=1 delayMs=500 code=DT_NETWORK`: local time
 * of day, level, message, then the fields as key=value (objects as JSON). Control characters in
 * appliance text are made visible, as in the JSON form.
 */
export function prettyLine(jsonLine: string, color: boolean): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`;
  }
  const { time, level, msg, ...fields } = record;
  const when = typeof time === 'number' ? new Date(time).toTimeString().slice(0, 8) : '';
  const lvl = LEVELS[typeof level === 'number' ? level : 30] ?? { name: String(level), color: '0' };
  const name = color ? `\u001b[${lvl.color}m${lvl.name}\u001b[0m` : lvl.name;
  const rest = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' && !/[\s"=]/.test(v) ? v : JSON.stringify(v)}`);
  // Escaped before the colour codes go in, which are the only control characters we write.
  const body = escapeControlChars([typeof msg === 'string' ? msg : '', ...rest].filter((part) => part !== '').join(' '));
  return `${[when, name, body].filter((part) => part !== '').join(' ')}\n`;
}

/**
 * A destination that reformats each line for a terminal and writes it to fd 2 synchronously. Each
 * line first returns to column 0 and erases it: a progress line (src/cli/progress.ts) may be there.
 */
function prettyDestination(color: boolean, fd = 2): DestinationStream {
  return { write: (line: string) => void writeSync(fd, `\r\u001b[2K${prettyLine(line, color)}`) };
}

const SIGNED_HEADERS = ['dtapi-token', 'dtapi-signature'];

function redactionPaths(secretParameters: readonly string[]): string[] {
  const paths = new Set<string>();
  for (const name of secretParameters) {
    paths.add(name);
    paths.add(`params.${name}`);
    paths.add(`*.${name}`);
  }
  for (const header of SIGNED_HEADERS) {
    paths.add(`req.headers["${header}"]`);
    paths.add(`headers["${header}"]`);
    paths.add(`err.request.headers["${header}"]`);
  }
  for (const key of ['privateToken', 'publicToken', 'signature']) {
    paths.add(key);
    paths.add(`*.${key}`);
  }
  return [...paths];
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const create: PinoFactory = (level) => {
    const pino = loadPino();
    return pino(
      {
        level,
        base: undefined,
        redact: { paths: redactionPaths(options.secretParameters ?? []), censor: '[redacted]' },
        hooks: { streamWrite: escapeControlCharsInJson },
      },
      options.destination ?? (options.pretty ? prettyDestination(options.pretty.color) : pino.destination({ dest: 2, sync: true })),
    );
  };
  return new LazyLogger(create, options.level ?? 'warn');
}

/** A logger that drops everything: the default for library callers that pass none. */
export const silentLogger: Logger = createLogger({ level: 'silent' });
