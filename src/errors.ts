// The one error hierarchy of darktrace-soar. Every failure we can report is a class here with a
// stable `code` (grep DT_ finds them all) and an exit code: 2 for usage, configuration and
// arguments, 1 for the appliance or the network. Messages are written for a SOC analyst and never
// contain a token, a signature or a DTAPI-* header; the detail stays in `cause` for --verbose logs.
// Over 300 lines on purpose: besides the table it holds what every message passes through when it
// is built (secret redaction, the echo cut) and the errno words of LocalSystemError; kept here so
// that no error can be constructed without them.

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
  | 'DT_REJECTED'
  | 'DT_LOCAL_IO'
  | 'DT_RESPONSE_TOO_LARGE'
  | 'DT_WRITE_UNCONFIRMED'
  | 'DT_WRITE_NOT_APPLIED'
  | 'DT_CANCELLED'
  | 'DT_WRITE_NOT_STORED';

export abstract class DarktraceSoarError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly exitCode: 1 | 2;

  constructor(message: string, options?: ErrorOptions) {
    // Every message is redacted here, once it is whole, so no subclass or caller can forget it.
    super(redactSecrets(message), options);
    this.name = new.target.name;
  }
}

/**
 * The operator cancelled the command (Ctrl-C in the war room): its request was aborted. A write
 * may or may not have reached the appliance before that; the message says to check.
 */
export class CancelledError extends DarktraceSoarError {
  readonly code = 'DT_CANCELLED';
  readonly exitCode = 1;
  constructor(options?: ErrorOptions) {
    super('cancelled; a change the command was making may or may not have reached the appliance: check before running it again', options);
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
    super(`argument ${argument} of ${command}: ${expected}${got === undefined ? '' : `, got ${JSON.stringify(shortenRedacted(got))}`}`, options);
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
  constructor(
    readonly problems: readonly ConfigProblem[],
    options?: ErrorOptions,
  ) {
    super(['invalid configuration', ...problems.map((p) => `  ${p.parameter}${p.source ? ` (${p.source})` : ''}: ${p.message}`)].join('\n'), options);
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

/**
 * A local file, folder or port failed (ENOENT, EACCES, EISDIR, ENOSPC, EADDRINUSE ...): the message
 * names the path or port, the operation and the errno in words. Exit 1, or 2 where the caller knows
 * the path is the user's own input (a --config file that does not exist).
 */
export class LocalSystemError extends DarktraceSoarError {
  readonly code = 'DT_LOCAL_IO';
  constructor(
    message: string,
    readonly errno: string | undefined,
    readonly exitCode: 1 | 2 = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const ERRNO_MEANING: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  ENOTEMPTY: 'the directory is not empty',
  EEXIST: 'it already exists',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file is too large',
  EROFS: 'the file system is read-only',
  EIO: 'input/output error',
  EINVAL: 'the file does not support this operation (a device such as /dev/null cannot be flushed to disk)',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files on this host',
  ENAMETOOLONG: 'the file name is too long',
  ELOOP: 'too many levels of symbolic links',
  EBUSY: 'the resource is busy',
  ETXTBSY: 'the file is busy',
  EXDEV: 'the paths are on different file systems',
  EADDRINUSE: 'the address is already in use',
  EPIPE: 'the reader closed it',
  EADDRNOTAVAIL: 'the address is not available on this host',
};

const SYSCALL_VERB: Readonly<Record<string, string>> = {
  open: 'cannot open',
  read: 'cannot read',
  write: 'cannot write',
  close: 'cannot close',
  fsync: 'cannot flush to disk',
  mkdir: 'cannot create the folder',
  mkdtemp: 'cannot create a folder in',
  rename: 'cannot rename',
  unlink: 'cannot remove',
  rmdir: 'cannot remove the folder',
  scandir: 'cannot list the folder',
  stat: 'cannot read',
  lstat: 'cannot read',
  access: 'cannot access',
  copyfile: 'cannot copy',
  listen: 'cannot listen on',
  bind: 'cannot bind',
};

/** "no such file or directory (ENOENT)"; the bare code for one we have no words for. */
export function describeErrno(code: string): string {
  const meaning = ERRNO_MEANING[code];
  return meaning ? `${meaning} (${code})` : code;
}

/**
 * Node's system error (fs, net) as a LocalSystemError naming the path or address; undefined for
 * anything else, which stays an internal error. `what` names the file's role ("the out file").
 */
export function localSystemError(err: unknown, exitCode: 1 | 2 = 1, what?: string): LocalSystemError | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number; dest?: string };
  if (typeof e.code !== 'string' || !(e.code in ERRNO_MEANING)) return undefined;
  const target =
    e.port !== undefined ? `${e.address ?? 'port'}:${e.port}` : e.path !== undefined ? `${e.path}${e.dest !== undefined ? ` to ${e.dest}` : ''}` : undefined;
  if (target === undefined && e.syscall === undefined) return undefined;
  const verb = (e.syscall && SYSCALL_VERB[e.syscall]) ?? (e.syscall ? `${e.syscall} failed for` : 'failed:');
  const hint = e.code === 'EADDRINUSE' ? '; another process listens there: choose another port with --port' : '';
  const subject = [what, target].filter(Boolean).join(' ') || 'a local file';
  return new LocalSystemError(`${verb} ${subject}: ${describeErrno(e.code)}${hint}`, e.code, exitCode, { cause: err });
}

/**
 * Secrets (the values of the manifest's encrypted parameters) known to this process. Every error
 * message is redacted against them when it is built, before any truncation, so a cut never leaves
 * a token's prefix behind. Values shorter than MIN_SECRET_LENGTH are refused as configuration
 * (src/config/params.ts): redacting "a" would garble every message, and such a value is no secret.
 */
export const MIN_SECRET_LENGTH = 8;
const knownSecrets = new Set<string>();
export const REDACTED = '[redacted]';

/** Adds the value of a secret parameter to the set every message is redacted against. */
export function registerSecret(value: string): void {
  if (value.length >= MIN_SECRET_LENGTH) knownSecrets.add(value);
}

/** A secret's leading part this long, just before "..." or "…", is taken as the secret cut short. */
const CUT_PREFIX_MIN = 4;

/**
 * Replaces every secret in `text` with [redacted], and also a secret's leading part where the text
 * was cut before it reached us (an appliance's error text shortened to 200 characters): at least
 * CUT_PREFIX_MIN characters before "..." or "…", or at least MIN_SECRET_LENGTH at the very end.
 */
export function redactSecrets(text: string, secrets: Iterable<string> = knownSecrets): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    for (let k = secret.length - 1; k >= CUT_PREFIX_MIN; k--) {
      const head = secret.slice(0, k);
      if (!out.includes(head)) continue;
      for (const cut of ['...', '…']) out = out.split(head + cut).join(REDACTED + cut);
      if (k >= MIN_SECRET_LENGTH && out.endsWith(head)) out = out.slice(0, -head.length) + REDACTED;
    }
  }
  return out;
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

/**
 * The appliance confirmed a write but reading it back shows nothing was stored: AI Analyst comments on
 * Threat Visualizer 7.0.42 (reference/darktrace-next.md §A.2 A6). Sending it again would not help.
 */
export class WriteNotStoredError extends ApplianceError {
  readonly code = 'DT_WRITE_NOT_STORED';
}

/** "256 MB", "5 GB", "812 bytes": for messages (binary units, as max_response_mb counts). */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${+(bytes / 2 ** 30).toFixed(1)} GB`;
  if (bytes >= 2 ** 20) return `${+(bytes / 2 ** 20).toFixed(1)} MB`;
  if (bytes >= 2 ** 10) return `${+(bytes / 2 ** 10).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

const MAX_ECHO = 80;

/**
 * An echoed value is for recognising the mistake, not for reading back a whole pasted blob. It is
 * redacted before it is cut (a token straddling the cut would otherwise leave its prefix), and only
 * a window around the part shown is looked at, so a 40 MB value costs no more than a short one.
 */
function shortenRedacted(text: string): string {
  if (text.length <= MAX_ECHO) return redactSecrets(text);
  const total = countCodePoints(text);
  if (total <= MAX_ECHO) return redactSecrets(text);
  let longestSecret = 0;
  for (const s of knownSecrets) longestSecret = Math.max(longestSecret, s.length);
  // A shown character is at most two UTF-16 units, so a secret starting in the shown part ends inside the window.
  const window = redactSecrets(text.slice(0, 2 * MAX_ECHO + longestSecret));
  return `${sliceCodePoints(window, MAX_ECHO)}… (${total} characters)`;
}

function sliceCodePoints(text: string, max: number): string {
  let units = 0;
  for (let n = 0; n < max && units < text.length; n++) units += isHighSurrogate(text.charCodeAt(units)) ? 2 : 1;
  return text.slice(0, units);
}

/** Characters as people count them (an emoji is one), without materialising them: a loop over UTF-16 units. */
function countCodePoints(text: string): number {
  let pairs = 0;
  for (let i = 0; i + 1 < text.length; i++) {
    if (isHighSurrogate(text.charCodeAt(i))) {
      pairs++;
      i++;
    }
  }
  return text.length - pairs;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
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
