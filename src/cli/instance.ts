// One configured integration instance for a CLI run: the manifest, the validated parameters, the
// logger with redaction derived from the manifest's secret parameters, and a client built only when
// a command actually needs the appliance.
import { DarktraceClient } from '../client/darktrace-client.js';
import type { RetrySettings } from '../client/http.js';
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
      client ??= createClient(params, { clock, log, ...(options.retry ? { retry: options.retry } : {}) });
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
