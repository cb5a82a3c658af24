// The integration as a library: what a playbook platform loads in-process, and what the CLI's
// run/test/exec subcommands use, so that every entry point runs the same code. Parameters are
// validated by the manifest once, here; the client is built lazily, only when a command passes its
// argument checks.
import { inspect, type InspectOptionsStylized } from 'node:util';
import type { Dispatcher } from 'undici';
import { DarktraceClient } from '../client/darktrace-client.js';
import type { RetrySettings } from '../client/http.js';
import { systemClock, type Clock } from '../clock.js';
import { handlers } from '../commands/index.js';
import { testModule } from '../commands/test-module.js';
import { resolveParams, type Params } from '../config/params.js';
import { CommandDispatcher } from '../dispatch/dispatcher.js';
import type { Checkpoint } from '../incidents/checkpoint.js';
import type { FetchStats } from '../incidents/fetch-incidents.js';
import type { QuarantinedRecord } from '../incidents/quarantine.js';
import type { Incident } from '../incidents/source.js';
import { createLogger, type Logger } from '../log.js';
import { findArgument } from '../manifest/aliases.js';
import { loadManifest } from '../manifest/load.js';
import { secretParameterNames, type Command, type Manifest } from '../manifest/schema.js';
import { ArgumentError, ConfigError, UsageError } from '../errors.js';
import { createMirroring, type IntegrationMirror } from './mirroring.js';
import { findCommand } from '../manifest/command-name.js';

// The retry defaults, for callers that build their settings from the environment (the CLI).
export { DEFAULT_RETRY, type RetrySettings } from '../client/http.js';

export type ArgumentInput = string | number | boolean | ReadonlyArray<string | number>;

export interface CommandOutput {
  readonly command: string;
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly readable: string;
  readonly raw: unknown;
}

export interface FetchOutput {
  readonly incidents: Incident[];
  /**
   * The checkpoint to hand back on the next call (version 2: one section per stream); persist it
   * only after the incidents are stored. A version-1 lastRun handed in is migrated.
   */
  readonly lastRun: Checkpoint;
  /**
   * Records that could not become incidents (no usable key or time, such as a model breach's pbid
   * or creationTime, or not serialisable),
   * each with its reason and the field to blame: store or alert on them before persisting lastRun,
   * which passes them.
   */
  readonly quarantined: QuarantinedRecord[];
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
  /** How error messages name where `params` came from; "params" by default. */
  readonly paramsLabel?: string;
  /** An undici dispatcher to send through (tests, custom agents); built from the parameters otherwise. */
  readonly dispatcher?: Dispatcher;
}

export interface Integration {
  readonly manifest: Manifest;
  readonly params: Params;
  readonly clock: Clock;
  /** The signed Darktrace client of this instance, built on first use. */
  client(): DarktraceClient;
  /**
   * Runs one manifest command; arguments are checked before anything is sent. `signal` cancels it:
   * the request in flight is aborted and the promise rejects with CancelledError (DT_CANCELLED).
   */
  execute(command: string, args?: Readonly<Record<string, ArgumentInput>>, options?: { signal?: AbortSignal }): Promise<CommandOutput>;
  /** The test-module: resolves "ok" or rejects with the typed error that says what to fix. */
  test(): Promise<'ok'>;
  /**
   * One fetch cycle of every enabled stream from the given checkpoint (undefined on the first run).
   * With `mirror`, an instance that mirrors registers the fetched incidents in
   * `mirror.integrationContext`.
   */
  fetchIncidents(lastRun?: unknown, mirror?: { integrationContext?: unknown }): Promise<FetchOutput>;
  /** Two-way mirroring (XSOAR's mirroring commands, poll --mirror); state in the platform's integration context. */
  readonly mirror: IntegrationMirror;
  close(): Promise<void>;
}

export function createIntegration(options: IntegrationOptions): Integration {
  if (typeof options?.params !== 'object' || options.params === null || Array.isArray(options.params)) {
    throw new ConfigError([
      { parameter: 'params', message: 'expected an object of instance parameter values, e.g. { url, public_api_token, private_api_token }' },
    ]);
  }
  const manifest = loadManifest();
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? createLogger({ level: 'warn', secretParameters: secretParameterNames(manifest) });
  const params = resolveParams(
    manifest,
    {
      file: options.params,
      env: options.env ?? {},
      fileLabel: options.paramsLabel ?? 'params',
      readsEnv: options.env !== undefined,
      onIgnoredVariable: (variable) => log.debug({ variable }, 'environment variable ignored: not a parameter of this integration'),
    },
    clock,
  );
  let client: DarktraceClient | undefined;
  let closed = false;
  const getClient = (): DarktraceClient => {
    if (closed) throw new UsageError('this integration was closed; create a new one with createIntegration()');
    client ??= createClient(params, {
      clock,
      log,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    return client;
  };
  const dispatcher = new CommandDispatcher({ manifest, handlers, client: getClient, clock, log, params });
  const mirror = createMirroring({ client: getClient, params, clock, log });

  return withSafeViews({
    manifest,
    params,
    clock,
    client: getClient,
    mirror,
    async execute(command, args = {}, options = {}) {
      const declaration = findCommand(manifest.script.commands, command);
      const result = await dispatcher.run(command, stringifyArguments(command, declaration, args), options);
      return { command: result.command, outputs: result.outputs, readable: result.readable, raw: result.raw };
    },
    async test() {
      return testModule(getClient(), params, log);
    },
    async fetchIncidents(lastRun, mirrorState) {
      // Loaded on first use: a war-room command (the CLI's hot path) never needs the fetcher.
      const [{ parseCheckpoint }, { fetchIncidents: fetchCycle }, { incidentSources }, { logQuarantined }] = await Promise.all([
        import('../incidents/checkpoint.js'),
        import('../incidents/fetch-streams.js'),
        import('./incidents.js'),
        import('../incidents/fetcher.js'),
      ]);
      const sources = incidentSources(params, clock);
      // A lastRun later than now is refused inside the cycle (assertNotFuture), naming lastRun.
      const checkpoint = lastRun === undefined || lastRun === null ? undefined : parseCheckpoint(lastRun, 'lastRun', sources);
      const cycle = await fetchCycle({ sources, client: getClient(), params, lastRun: checkpoint, clock, log });
      for (const q of cycle.quarantined) logQuarantined(log, q, sources);
      if (mirrorState) mirror.registerFetched(cycle.incidents, mirrorState);
      return { incidents: cycle.incidents, lastRun: cycle.nextRun, quarantined: cycle.quarantined, stats: cycle.stats };
    },
    async close() {
      closed = true;
      await client?.close();
    },
  });
}

/**
 * Printing the integration (util.inspect, as a console does) or JSON.stringify(integration) in a
 * platform's code must not print the tokens (issue #12): both show the instance URL and the parameters with secrets [redacted]
 * (params carry their own redacted views, src/config/params.ts). Non-enumerable, so they change
 * nothing else about the object.
 */
function withSafeViews(integration: Integration): Integration {
  const view = () => ({ url: integration.params.url, params: integration.params });
  Object.defineProperty(integration, 'toJSON', { value: view, enumerable: false });
  Object.defineProperty(integration, inspect.custom, {
    value: (depth: number, options: InspectOptionsStylized) => `Integration ${inspect(view(), { ...options, depth })}`,
    enumerable: false,
  });
  return integration;
}

/** The parameters a client is built from; max_response_mb may be left out by a hand-built set (tests). */
type ConnectionParams = Pick<Params, 'url' | 'public_api_token' | 'private_api_token' | 'timeout' | 'insecure' | 'proxy'> &
  Partial<Pick<Params, 'max_response_mb'>>;

/** The client for one instance's parameters: url, tokens, timeout (seconds), max_response_mb, insecure, proxy. */
export function createClient(params: ConnectionParams, extra: { clock: Clock; log: Logger; retry?: RetrySettings; dispatcher?: Dispatcher }): DarktraceClient {
  return new DarktraceClient({
    baseUrl: params.url,
    publicToken: params.public_api_token,
    privateToken: params.private_api_token,
    timeoutMs: params.timeout * 1000,
    ...(params.max_response_mb === undefined ? {} : { maxResponseBytes: params.max_response_mb * 2 ** 20 }),
    insecure: params.insecure,
    useSystemProxy: params.proxy,
    clock: extra.clock,
    logger: extra.log,
    ...(extra.retry ? { retry: extra.retry } : {}),
    ...(extra.dispatcher ? { dispatcher: extra.dispatcher } : {}),
  });
}

/**
 * Platforms hand over typed values; the manifest coerces from war-room text, so give it text. A list
 * is joined only for an argument the manifest declares as one; anything that is not a scalar or a
 * list of scalars is refused here rather than becoming "[object Object]".
 */
function stringifyArguments(command: string, declaration: Command | undefined, args: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(args)) {
    const isList = declaration !== undefined && findArgument(declaration, name)?.isArray === true;
    if (Array.isArray(value)) {
      // XSOAR declares single-choice arguments (dataType, endpointType, ...) as lists, so its
      // playbooks hand over one-element lists for them (test_data/xsoar/comparison.md §4.5).
      if (declaration && !isList && value.length !== 1) throw new ArgumentError(name, declaration.name, 'takes one value, not a list');
      if (!value.every(isScalar)) throw new ArgumentError(name, declaration?.name ?? command, 'expected a list of text or numbers');
      out[name] = value.join(',');
    } else if (isScalar(value)) {
      out[name] = String(value);
    } else {
      throw new ArgumentError(name, declaration?.name ?? command, 'expected text, a number or true/false');
    }
  }
  return out;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean';
}
