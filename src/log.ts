// Structured logs go to stderr (fd 2) through pino; stdout carries results only. Redaction paths
// are built from the secret parameters the manifest declares plus the signed headers, never from
// user input (pino docs/redaction.md). Header names are lower-cased before they are logged
// because pino paths are case-sensitive. Appliance text in a message or field must not act on a
// terminal: JSON.stringify escapes C0 controls, and the streamWrite hook escapes the rest (DEL, C1,
// bidi overrides) the JSON way, so a line stays valid JSON with the same data (src/safe-text.ts).
// On a terminal the same lines are reformatted, short and readable (prettyLine below): a small
// formatter of our own rather than pino-pretty, whose dependency tree (colorette, dateformat,
// fast-copy, help-me, pump, secure-json-parse, sonic-boom ...) is larger than the feature.
import { writeSync } from 'node:fs';
import { pino, type Logger, type DestinationStream } from 'pino';
import { escapeControlChars, escapeControlCharsInJson } from './safe-text.js';

export type { Logger } from 'pino';

type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

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
  return pino(
    {
      level: options.level ?? 'warn',
      base: undefined,
      redact: { paths: redactionPaths(options.secretParameters ?? []), censor: '[redacted]' },
      hooks: { streamWrite: escapeControlCharsInJson },
    },
    options.destination ?? (options.pretty ? prettyDestination(options.pretty.color) : pino.destination({ dest: 2, sync: true })),
  );
}

/** A logger that drops everything: the default for library callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
