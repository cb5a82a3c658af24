// The incident engine's door (STYLE.md §1: cli/ -> api/ -> incidents/): which streams an instance
// fetches, and the fetcher and schedulers of src/incidents/ over an Integration. The CLI parses
// flags and calls these; it never reaches into the engine itself.
import type { DarktraceClient } from '../client/darktrace-client.js';
import type { Params } from '../config/params.js';
import { createFetcher as createEngineFetcher, type Fetcher, type FetcherFiles, type FetchInstance } from '../incidents/fetcher.js';
import type { IncidentSource } from '../incidents/source.js';
import { modelBreaches } from '../incidents/sources/model-breaches.js';
import { withMirror } from '../incidents/poll-mirror.js';
import type { Integration } from './integration.js';

export { parseCount, parseInterval } from '../incidents/cycle.js';
export { refuseOutOnStateFiles } from '../incidents/fetcher.js';
export { pollAll } from '../incidents/poll-all.js';
export { pollLoop } from '../incidents/poll.js';
export type { Fetcher, FetcherFiles };

/**
 * The incident streams an instance fetches, in the order one cycle fetches them within max_alerts.
 * Model breaches only, for now; the AI Analyst stream joins here with its parameters (issue #16).
 */
export function incidentSources(_params: Params): readonly IncidentSource<DarktraceClient>[] {
  return [modelBreaches];
}

/** The fetcher of one instance (its params, clock, logger and client) over its checkpoint and out file. */
export function createFetcher(instance: FetchInstance<DarktraceClient> & { readonly params: Params }, files: FetcherFiles): Fetcher {
  return createEngineFetcher(instance, incidentSources(instance.params), files);
}

/** `poll --mirror`: the instance's fetcher with a mirroring round after each fetch (src/incidents/poll-mirror.ts). */
export function createMirroringFetcher(
  instance: FetchInstance<DarktraceClient> & Pick<Integration, 'mirror' | 'params'>,
  files: FetcherFiles & { readonly statePath: string },
): Fetcher {
  return withMirror(createFetcher(instance, files), instance.mirror, incidentSources(instance.params), files);
}
