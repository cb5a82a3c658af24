// One configured integration instance for a CLI run: parameters from --config and DARKTRACE_*
// variables, the logger with redaction derived from the manifest's secret parameters, and the
// library integration (src/api) that every subcommand runs through.
import { createIntegration, DEFAULT_RETRY, type Integration, type RetrySettings } from '../api/integration.js';

export { createClient } from '../api/integration.js';
import { selectInstance } from '../config/instances.js';
import { readConfigFile } from '../config/params.js';
import type { CliIo, GlobalOptions } from './io.js';
import { createLogger, type Logger } from '../log.js';
import { loadManifest } from '../manifest/load.js';
import { secretParameterNames } from '../manifest/schema.js';
import type { Clock } from '../clock.js';

export interface InstanceOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly verbose?: boolean;
  readonly clock?: Clock;
  /** Parameters handed over directly (the exec protocol) instead of a --config file. */
  readonly file?: Readonly<Record<string, unknown>>;
  /** Where `file` came from, for messages; "config file" by default. */
  readonly fileLabel?: string;
  /** Whether DARKTRACE_<NAME> variables override `file` (not for exec or poll --all); true by default. */
  readonly paramsFromEnv?: boolean;
  /** A logger to share (poll --all gives each instance a child of one); a new one otherwise. */
  readonly logger?: Logger;
  /** Stderr is a terminal: readable log lines instead of JSON. */
  readonly stderrIsTty?: boolean;
}

export interface Instance extends Integration {
  readonly log: Logger;
}

/**
 * The process's logger: JSON lines on stderr, or short readable lines when stderr is a terminal
 * (`terminal`), coloured unless NO_COLOR is set (no-color.org: any non-empty value).
 */
export function manifestLogger(verbose = false, terminal?: { env: Readonly<Record<string, string | undefined>> }): Logger {
  return createLogger({
    level: verbose ? 'debug' : 'warn',
    secretParameters: secretParameterNames(loadManifest()),
    ...(terminal ? { pretty: { color: !terminal.env.NO_COLOR } } : {}),
  });
}

/**
 * Retry timing for operators and tests, from DARKTRACE_SOAR_RETRIES and DARKTRACE_SOAR_RETRY_MIN_MS.
 * Not instance parameters: the seed's parameter list is kept exact, and these tune the process.
 */
function retryFromEnv(env: Readonly<Record<string, string | undefined>>): RetrySettings | undefined {
  const retries = env.DARKTRACE_SOAR_RETRIES;
  const minMs = env.DARKTRACE_SOAR_RETRY_MIN_MS;
  if (retries === undefined && minMs === undefined) return undefined;
  const settings = { ...DEFAULT_RETRY };
  if (retries !== undefined && /^\d{1,2}$/.test(retries)) settings.retries = Number(retries);
  if (minMs !== undefined && /^\d{1,6}$/.test(minMs)) {
    settings.minTimeoutMs = Number(minMs);
    settings.maxTimeoutMs = Math.max(settings.minTimeoutMs, Math.min(settings.maxTimeoutMs, settings.minTimeoutMs * 8));
  }
  return settings;
}

/**
 * The instance a single-instance subcommand runs against: the --config file (one instance of it
 * with --instance NAME), then DARKTRACE_<NAME> variables.
 */
export function openCliInstance(global: GlobalOptions, io: Pick<CliIo, 'env' | 'stderrIsTty'>): Instance {
  const file = global.config ? readConfigFile(global.config) : {};
  return openInstance({ env: io.env, verbose: global.verbose, file: selectInstance(file, global.instance), ...(io.stderrIsTty ? { stderrIsTty: true } : {}) });
}

export function openInstance(options: InstanceOptions): Instance {
  const log = options.logger ?? manifestLogger(options.verbose, options.stderrIsTty ? { env: options.env } : undefined);
  const file = options.file ?? {};
  const retry = retryFromEnv(options.env);
  const integration = createIntegration({
    params: file,
    paramsLabel: options.fileLabel ?? 'config file',
    ...(options.paramsFromEnv === false ? {} : { env: options.env }),
    logger: log,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(retry ? { retry } : {}),
  });
  return Object.assign(integration, { log });
}
