// The one error hierarchy of darktrace-soar. Every failure we can report is a class here with a
// stable `code` (grep DT_ finds them all) and an exit code: 2 for usage, configuration and
// arguments, 1 for the appliance or the network. Messages are written for a SOC analyst and never
// contain a token, a signature or a DTAPI-* header; the detail stays in `cause` for --verbose logs.

export type ErrorCode =
  | 'DT_USAGE'
  | 'DT_ARG_INVALID'
  | 'DT_CONFIG_INVALID'
  | 'DT_STATE_INVALID'
  | 'DT_AUTH'
  | 'DT_CLOCK_SKEW'
  | 'DT_PERMISSION'
  | 'DT_NOT_FOUND'
  | 'DT_RATE_LIMITED'
  | 'DT_SERVER'
  | 'DT_TIMEOUT'
  | 'DT_NETWORK'
  | 'DT_TLS'
  | 'DT_BAD_RESPONSE'
  | 'DT_REJECTED'
  | 'DT_RESPONSE_TOO_LARGE'
  | 'DT_WRITE_UNCONFIRMED'
  | 'DT_WRITE_NOT_APPLIED';

export abstract class DarktraceSoarError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly exitCode: 1 | 2;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad command line: unknown subcommand, unterminated quote, missing flag value. */
export class UsageError extends DarktraceSoarError {
  readonly code = 'DT_USAGE';
  readonly exitCode = 2;
}

/** A command argument failed its declared type, bounds or predefined values. Nothing was sent. */
export class ArgumentError extends DarktraceSoarError {
  readonly code = 'DT_ARG_INVALID';
  readonly exitCode = 2;
  constructor(
    readonly argument: string,
    readonly command: string,
    readonly expected: string,
    readonly got?: string,
    options?: ErrorOptions,
  ) {
    super(
      `argument ${argument} of ${command}: ${expected}${got === undefined ? '' : `, got ${JSON.stringify(shorten(got))}`}`,
      options,
    );
  }
}

export interface ConfigProblem {
  /** The parameter name as declared in integration.yml. */
  readonly parameter: string;
  /** Where the value came from: "config file", "DARKTRACE_MIN_SCORE", "default" ... */
  readonly source?: string;
  /** What is wrong and the expected form; never contains a secret value. */
  readonly message: string;
}

/** One or more instance parameters are missing or malformed; all problems are listed at once. */
export class ConfigError extends DarktraceSoarError {
  readonly code = 'DT_CONFIG_INVALID';
  readonly exitCode = 2;
  constructor(readonly problems: readonly ConfigProblem[], options?: ErrorOptions) {
    super(
      ['invalid configuration', ...problems.map((p) => `  ${p.parameter}${p.source ? ` (${p.source})` : ''}: ${p.message}`)].join('\n'),
      options,
    );
  }
}

/** The fetch checkpoint file exists but cannot be trusted; fetching stops rather than start over. */
export class StateError extends DarktraceSoarError {
  readonly code = 'DT_STATE_INVALID';
  readonly exitCode = 2;
}

/** Context every appliance error may carry: method and path only, never headers or tokens. */
export interface RequestContext {
  readonly method: string;
  readonly path: string;
  readonly status?: number;
}

abstract class ApplianceError extends DarktraceSoarError {
  readonly exitCode = 1;
  constructor(
    message: string,
    readonly request?: RequestContext,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class AuthError extends ApplianceError {
  readonly code = 'DT_AUTH';
}

export class ClockSkewError extends ApplianceError {
  readonly code = 'DT_CLOCK_SKEW';
  /** Positive when this host is ahead of the appliance; undefined when the appliance sent no Date. */
  constructor(
    readonly skewMs: number | undefined,
    request?: RequestContext,
    options?: ErrorOptions,
  ) {
    super(
      skewMs === undefined
        ? 'Darktrace rejected the request time (API DATE ERROR): the clocks of this host and the appliance differ by more than 30 minutes. Sync NTP on the SOAR host.'
        : `Darktrace rejected the request time (API DATE ERROR): this host's clock is ${formatDuration(Math.abs(skewMs))} ` +
            `${skewMs > 0 ? 'ahead of' : 'behind'} the appliance (it accepts 30 minutes). Sync NTP on the SOAR host.`,
      request,
      options,
    );
  }
}

export class PermissionError extends ApplianceError {
  readonly code = 'DT_PERMISSION';
}

export class NotFoundError extends ApplianceError {
  readonly code = 'DT_NOT_FOUND';
}

export class RateLimitedError extends ApplianceError {
  readonly code = 'DT_RATE_LIMITED';
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    request?: RequestContext,
    options?: ErrorOptions,
  ) {
    super(message, request, options);
  }
}

export class ServerError extends ApplianceError {
  readonly code = 'DT_SERVER';
}

export class TimeoutError extends ApplianceError {
  readonly code = 'DT_TIMEOUT';
}

export class NetworkError extends ApplianceError {
  readonly code = 'DT_NETWORK';
}

export class TlsError extends ApplianceError {
  readonly code = 'DT_TLS';
}

export class BadResponseError extends ApplianceError {
  readonly code = 'DT_BAD_RESPONSE';
}

/** The appliance understood the request and refused it (e.g. "INPUT ERROR" for an unknown tag). */
export class RejectedError extends ApplianceError {
  readonly code = 'DT_REJECTED';
}

/**
 * The answer is larger than the instance's max_response_mb: refused from its Content-Length, cut off
 * while streaming, or too large to become one string (V8's limit, ERR_STRING_TOO_LONG). A size
 * problem, never a network one, and not retried: the same request would bring the same answer.
 */
export class ResponseTooLargeError extends ApplianceError {
  readonly code = 'DT_RESPONSE_TOO_LARGE';
  constructor(
    readonly limitBytes: number,
    /** What was seen: the announced Content-Length, or the bytes read before stopping. */
    readonly seenBytes: number | undefined,
    readonly how: 'announced' | 'streamed' | 'string',
    request: RequestContext,
    options?: ErrorOptions,
  ) {
    const seen =
      how === 'announced' && seenBytes !== undefined
        ? ` (it announced ${formatBytes(seenBytes)})`
        : how === 'string'
          ? ' (too large to decode as text)'
          : ` (stopped after ${formatBytes(seenBytes ?? limitBytes)})`;
    super(
      `Darktrace's answer to ${request.method} ${request.path} is larger than the max_response_mb limit of ` +
        `${formatBytes(limitBytes)}${seen}: ask for less (a shorter time window, fewer results) or raise max_response_mb.`,
      request,
      options,
    );
  }
}

/**
 * A write (POST) may or may not have been applied: its answer was lost (timeout, reset, 5xx, an
 * unreadable answer) and reading the state back did not settle it. Never retried blindly.
 */
export class WriteUnconfirmedError extends ApplianceError {
  readonly code = 'DT_WRITE_UNCONFIRMED';
}

/** A write whose answer was lost, and reading the state back shows it was not applied. */
export class WriteNotAppliedError extends ApplianceError {
  readonly code = 'DT_WRITE_NOT_APPLIED';
}

/** "256 MB", "5 GB", "812 bytes": for messages (binary units, as max_response_mb counts). */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${+(bytes / 2 ** 30).toFixed(1)} GB`;
  if (bytes >= 2 ** 20) return `${+(bytes / 2 ** 20).toFixed(1)} MB`;
  if (bytes >= 2 ** 10) return `${+(bytes / 2 ** 10).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

const MAX_ECHO = 80;

/** An echoed value is for recognising the mistake, not for reading back a whole pasted blob. */
function shorten(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_ECHO ? text : `${chars.slice(0, MAX_ECHO).join('')}… (${chars.length} characters)`;
}

export function isDarktraceSoarError(value: unknown): value is DarktraceSoarError {
  return value instanceof DarktraceSoarError;
}

/** "45 minutes", "2 hours 5 minutes", "40 seconds": for messages. Past ten minutes, whole minutes
 * (the appliance's Date header has one-second resolution, so seconds there would be noise). */
export function formatDuration(ms: number): string {
  const exactSeconds = Math.round(Math.abs(ms) / 1000);
  const totalSeconds = exactSeconds >= 600 ? Math.round(exactSeconds / 60) * 60 : exactSeconds;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts: string[] = [];
  if (hours) parts.push(`${hours} hour${hours === 1 ? '' : 's'}`);
  if (minutes) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`);
  if (seconds) parts.push(`${seconds} second${seconds === 1 ? '' : 's'}`);
  return parts.length ? parts.join(' ') : '0 seconds';
}
