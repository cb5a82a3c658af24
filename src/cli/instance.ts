// One configured integration instance for a CLI run: the manifest, the validated parameters, the
// logger with redaction derived from the manifest's secret parameters, and a client built only when
// a command actually needs the appliance.
import { DarktraceClient } from '../client/darktrace-client.js';
import { DEFAULT_RETRY, type RetrySettings } from '../client/http.js';
import { systemClock, type Clock } from '../clock.js';
import { readConfigFile, resolveParams, type Params } from '../config/params.js';
import { createLogger, type Logger } from '../log.js';
import { loadManifest } from '../manifest/load.js';
import { secretParameterNames, type Manifest } from '../manifest/schema.js';

export interface InstanceOptions {
  readonly configPath?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly verbose?: boolean;
  readonly clock?: Clock;
  readonly retry?: RetrySettings;
  /** A config file already read (the `exec` protocol hands parameters over directly). */
  readonly file?: Readonly<Record<string, unknown>>;
}

export interface Instance {
  readonly manifest: Manifest;
  readonly params: Params;
  readonly log: Logger;
  readonly clock: Clock;
  client(): DarktraceClient;
  close(): Promise<void>;
}

export function manifestLogger(manifest: Manifest, verbose = false): Logger {
  return createLogger({ level: verbose ? 'debug' : 'warn', secretParameters: secretParameterNames(manifest) });
}

/**
 * Retry timing for operators and tests, from DARKTRACE_SOAR_RETRIES and DARKTRACE_SOAR_RETRY_MIN_MS.
 * Not instance parameters: the seed's parameter list is kept exact, and these tune the process.
 */
export function retryFromEnv(env: Readonly<Record<string, string | undefined>>): RetrySettings | undefined {
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

export function openInstance(options: InstanceOptions): Instance {
  const manifest = loadManifest();
  const clock = options.clock ?? systemClock;
  const log = manifestLogger(manifest, options.verbose);
  const file = options.file ?? (options.configPath ? readConfigFile(options.configPath) : {});
  const params = resolveParams(manifest, { file, env: options.env }, clock);
  let client: DarktraceClient | undefined;
  return {
    manifest,
    params,
    log,
    clock,
    client() {
      const retry = options.retry ?? retryFromEnv(options.env);
      client ??= createClient(params, { clock, log, ...(retry ? { retry } : {}) });
      return client;
    },
    async close() {
      await client?.close();
    },
  };
}

export function createClient(params: Params, extra: { clock: Clock; log: Logger; retry?: RetrySettings }): DarktraceClient {
  return new DarktraceClient({
    baseUrl: params.url,
    publicToken: params.public_api_token,
    privateToken: params.private_api_token,
    timeoutMs: params.timeout * 1000,
    insecure: params.insecure,
    useSystemProxy: params.proxy,
    clock: extra.clock,
    logger: extra.log,
    ...(extra.retry ? { retry: extra.retry } : {}),
  });
}
