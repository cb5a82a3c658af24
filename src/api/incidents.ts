// The incident engine's door (STYLE.md §1: cli/ -> api/ -> incidents/): which streams an instance
// fetches, and the fetcher and schedulers of src/incidents/ over an Integration. The CLI parses
// flags and calls these; it never reaches into the engine itself.
import type { DarktraceClient } from '../client/darktrace-client.js';
import type { Clock } from '../clock.js';
import type { Params } from '../config/params.js';
import { ConfigError } from '../errors.js';
import { createFetcher as createEngineFetcher, type Fetcher, type FetcherFiles, type FetchInstance } from '../incidents/fetcher.js';
import type { IncidentSource } from '../incidents/source.js';
import { aiAnalystSource, aiaSettings } from '../incidents/sources/ai-analyst.js';
import { modelBreaches } from '../incidents/sources/model-breaches.js';
import { withMirror } from '../incidents/poll-mirror.js';
import type { Integration } from './integration.js';

export { parseCount, parseInterval } from '../incidents/cycle.js';
export { refuseOutOnStateFiles } from '../incidents/fetcher.js';
export { pollAll } from '../incidents/poll-all.js';
export { pollLoop } from '../incidents/poll.js';
export type { Fetcher, FetcherFiles };

/**
 * The incident streams an instance fetches (fetch_ai_analyst, fetch_model_breaches), in the order
 * one cycle fetches them within max_alerts: AI Analyst first, because its events are few (tens a
 * day) and are what a SOC triages first; a model-breach backlog must not hold them back, while the
 * reverse costs the breaches one cycle at most. Throws ConfigError when neither is enabled.
 */
export function incidentSources(params: Params, clock: Clock): readonly IncidentSource<DarktraceClient>[] {
  const sources: IncidentSource<DarktraceClient>[] = [];
  if (params.fetch_ai_analyst) sources.push(aiAnalystSource(aiaSettings(params, clock)));
  if (params.fetch_model_breaches !== false) sources.push(modelBreaches);
  if (sources.length === 0) {
    throw new ConfigError([
      { parameter: 'fetch_model_breaches', message: 'false, and fetch_ai_analyst is false too: there is nothing to fetch; enable one of them' },
    ]);
  }
  return sources;
}

/** The fetcher of one instance (its params, clock, logger and client) over its checkpoint and out file. */
export function createFetcher(instance: FetchInstance<DarktraceClient> & { readonly params: Params }, files: FetcherFiles): Fetcher {
  return createEngineFetcher(instance, incidentSources(instance.params, instance.clock), files);
}

/** `poll --mirror`: the instance's fetcher with a mirroring round after each fetch (src/incidents/poll-mirror.ts). */
export function createMirroringFetcher(
  instance: FetchInstance<DarktraceClient> & Pick<Integration, 'mirror' | 'params'>,
  files: FetcherFiles & { readonly statePath: string },
): Fetcher {
  return withMirror(createFetcher(instance, files), instance.mirror, incidentSources(instance.params, instance.clock), files);
}
