// The one error hierarchy of darktrace-soar. Every failure we can report is a class here with a
// stable `code` (grep DT_ finds them all) and an exit code: 2 for usage, configuration and
// arguments, 1 for the appliance or the network. Messages are written for a SOC analyst and never
// contain a token, a signature or a DTAPI-* header; the detail stays in `cause` for --verbose logs.

export type ErrorCode =
  | 'DT_USAGE'
  | 'DT_ARG_INVALID'
  | 'DT_CONFIG_INVALID'
  | 'DT_STATE_INVALID'
  | 'DT_STATE_LOCKED'
  | 'DT_DELIVERY'
  | 'DT_FETCH_SLICE_TOO_LARGE'
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
  | 'DT_REJECTED';

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

/** Another fetch or poll holds the lock on this checkpoint; two pollers on one file deliver duplicates. */
export class StateLockedError extends DarktraceSoarError {
  readonly code = 'DT_STATE_LOCKED';
  readonly exitCode = 2;
}

/**
 * Incidents (or quarantined records) could not be handed over: stdout closed or full, the out or
 * quarantine file unwritable. Nothing counts as delivered and the checkpoint did not move.
 */
export class DeliveryError extends DarktraceSoarError {
  readonly code = 'DT_DELIVERY';
  readonly exitCode = 1;
  constructor(
    message: string,
    options?: ErrorOptions,
    /** stdout: the reader is gone or its disk is full, for every instance sharing it; file: one out or quarantine file. */
    readonly target: 'stdout' | 'file' = 'file',
  ) {
    super(message, options);
  }
}

/**
 * The breaches of the narrowest time slice the fetcher can ask for (two milliseconds) are more than
 * the instance's max_response_mb lets the client read: the fetch cannot shrink the request any
 * further, so it stops instead of asking again forever. Nothing was delivered past that point.
 */
export class FetchSliceTooLargeError extends DarktraceSoarError {
  readonly code = 'DT_FETCH_SLICE_TOO_LARGE';
  readonly exitCode = 1;
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
