// The integration as a library: what a playbook platform loads in-process, and what the CLI's
// run/test/exec subcommands use, so that every entry point runs the same code. Parameters are
// validated by the manifest once, here; the client is built lazily, only when a command passes its
// argument checks.
import type { Dispatcher } from 'undici';
import { DarktraceClient } from '../client/darktrace-client.js';
import type { RetrySettings } from '../client/http.js';
import { systemClock, type Clock } from '../clock.js';
import { handlers } from '../commands/index.js';
import { testModule } from '../commands/test-module.js';
import { resolveParams, type Params } from '../config/params.js';
import { CommandDispatcher } from '../dispatch/dispatcher.js';
import { parseCheckpoint, type Checkpoint } from '../fetch/checkpoint.js';
import type { Incident } from '../fetch/breach-to-incident.js';
import { fetchIncidents as fetchCycle, type FetchStats } from '../fetch/fetch-incidents.js';
import { createLogger, type Logger } from '../log.js';
import { loadManifest } from '../manifest/load.js';
import { secretParameterNames, type Manifest } from '../manifest/schema.js';

export type ArgumentInput = string | number | boolean | ReadonlyArray<string | number>;

export interface CommandOutput {
  readonly command: string;
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly readable: string;
  readonly raw: unknown;
}

export interface FetchOutput {
  readonly incidents: Incident[];
  /** The checkpoint to hand back on the next call; persist it only after the incidents are stored. */
  readonly lastRun: Checkpoint;
  readonly stats: FetchStats;
}

export interface IntegrationOptions {
  /** Instance parameter values by name, as in a config file (strings, numbers or booleans). */
  readonly params: Readonly<Record<string, unknown>>;
  /** DARKTRACE_<NAME> overrides; none unless given (a library does not read process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly retry?: RetrySettings;
  /** An undici dispatcher to send through (tests, custom agents); built from the parameters otherwise. */
  readonly dispatcher?: Dispatcher;
}

export interface Integration {
  readonly manifest: Manifest;
  readonly params: Params;
  readonly clock: Clock;
  /** The signed Darktrace client of this instance, built on first use. */
  client(): DarktraceClient;
  /** Runs one manifest command; arguments are checked before anything is sent. */
  execute(command: string, args?: Readonly<Record<string, ArgumentInput>>): Promise<CommandOutput>;
  /** The test-module: resolves "ok" or rejects with the typed error that says what to fix. */
  test(): Promise<'ok'>;
  /** One fetch cycle from the given checkpoint (undefined on the first run). */
  fetchIncidents(lastRun?: unknown): Promise<FetchOutput>;
  close(): Promise<void>;
}

export function createIntegration(options: IntegrationOptions): Integration {
  const manifest = loadManifest();
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? createLogger({ level: 'warn', secretParameters: secretParameterNames(manifest) });
  const params = resolveParams(manifest, { file: options.params, env: options.env ?? {} }, clock);
  let client: DarktraceClient | undefined;
  const getClient = (): DarktraceClient => {
    client ??= createClient(params, { clock, log, ...(options.retry ? { retry: options.retry } : {}), ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}) });
    return client;
  };
  const dispatcher = new CommandDispatcher({ manifest, handlers, client: getClient, clock, log, params });

  return {
    manifest,
    params,
    clock,
    client: getClient,
    async execute(command, args = {}) {
      const result = await dispatcher.run(command, stringifyArguments(args));
      return { command: result.command, outputs: result.outputs, readable: result.readable, raw: result.raw };
    },
    test: () => testModule(getClient(), params),
    async fetchIncidents(lastRun) {
      const checkpoint = lastRun === undefined || lastRun === null ? undefined : parseCheckpoint(lastRun, 'lastRun');
      const cycle = await fetchCycle({ client: getClient(), params, lastRun: checkpoint, clock, log });
      return { incidents: cycle.incidents, lastRun: cycle.nextRun, stats: cycle.stats };
    },
    async close() {
      await client?.close();
    },
  };
}

/** The client for one instance's parameters: url, tokens, timeout (seconds), insecure, proxy. */
export function createClient(params: Params, extra: { clock: Clock; log: Logger; retry?: RetrySettings; dispatcher?: Dispatcher }): DarktraceClient {
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
    ...(extra.dispatcher ? { dispatcher: extra.dispatcher } : {}),
  });
}

/** Platforms hand over typed values; the manifest coerces from war-room text, so give it text. */
function stringifyArguments(args: Readonly<Record<string, ArgumentInput>>): Record<string, string> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
}
