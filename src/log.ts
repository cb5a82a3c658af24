// Structured logs go to stderr (fd 2) through pino; stdout carries results only. Redaction paths
// are built from the secret parameters the manifest declares plus the signed headers, never from
// user input (pino docs/redaction.md). Header names are lower-cased before they are logged
// because pino paths are case-sensitive. Appliance text in a message or field must not act on a
// terminal: JSON.stringify escapes C0 controls, and the streamWrite hook escapes the rest (DEL, C1,
// bidi overrides) the JSON way, so a line stays valid JSON with the same data (src/safe-text.ts).
import { pino, type Logger, type DestinationStream } from 'pino';
import { escapeControlCharsInJson } from './safe-text.js';

export type { Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOptions {
  level?: LogLevel;
  /** Names of the instance parameters the manifest marks secret (public_api_token, ...). */
  secretParameters?: readonly string[];
  /** Where to write; defaults to fd 2. Tests pass a Writable to capture lines. */
  destination?: DestinationStream;
}

const SIGNED_HEADERS = ['dtapi-token', 'dtapi-signature'];

export function redactionPaths(secretParameters: readonly string[]): string[] {
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
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

/** A logger that drops everything: the default for library callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
