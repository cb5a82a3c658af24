// One fetch cycle over every enabled incident stream (source.ts): each stream's walk
// (fetch-incidents.ts fetchStream) in turn, within one max_alerts, and the next checkpoint with
// every stream's section. The caller (fetcher.ts, or api/ for exec and library users) delivers all
// the incidents first and stores that checkpoint once, after: a crash before it re-delivers the
// whole cycle from the old checkpoint (cut from --out by outBytes), never part of it.
import type { Clock } from '../clock.js';
import { CHECKPOINT_VERSION, checkedCheckpoint, type Checkpoint } from './checkpoint.js';
import { fetchStream, type FetchStats } from './fetch-incidents.js';
import { assertNotFuture, firstPosition, type FetchLog } from './position.js';
import type { QuarantinedRecord } from './quarantine.js';
import type { FetchParams, Incident, IncidentSource } from './source.js';

/** The checkpoint a first run starts from: every source's section at first_fetch. */
export function firstCheckpoint(sources: readonly IncidentSource<never>[], params: Pick<FetchParams, 'first_fetch'>, clock: Clock): Checkpoint {
  const position = firstPosition(params, clock);
  return { version: CHECKPOINT_VERSION, streams: Object.fromEntries(sources.map((s) => [s.name, s.writeSection(position)])) };
}

/** Every stream's section of `checkpoint` that `sources` know, checked not to be in the future. */
export function assertCheckpointNotFuture(checkpoint: Checkpoint, sources: readonly IncidentSource<never>[], where: string, clock: Clock): void {
  for (const s of sources) {
    const section = checkpoint.streams[s.name];
    if (section !== undefined) assertNotFuture(s.readSection(section), where, clock);
  }
}

const NO_STATS: FetchStats = {
  received: 0,
  delivered: 0,
  quarantined: 0,
  belowScore: 0,
  filtered: 0,
  filteredBy: {},
  alreadyDelivered: 0,
  outsideWindow: 0,
  deferred: 0,
};

function addCounts(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const sum = { ...a };
  for (const [rule, n] of Object.entries(b)) sum[rule] = (sum[rule] ?? 0) + n;
  return sum;
}

function addStats(a: FetchStats, b: FetchStats): FetchStats {
  return {
    received: a.received + b.received,
    delivered: a.delivered + b.delivered,
    quarantined: a.quarantined + b.quarantined,
    belowScore: a.belowScore + b.belowScore,
    filtered: a.filtered + b.filtered,
    filteredBy: addCounts(a.filteredBy, b.filteredBy),
    alreadyDelivered: a.alreadyDelivered + b.alreadyDelivered,
    outsideWindow: a.outsideWindow + b.outsideWindow,
    deferred: a.deferred + b.deferred,
  };
}

export interface FetchResult {
  readonly incidents: Incident[];
  /** Records to write to the quarantine before nextRun is stored, each with its stream. */
  readonly quarantined: QuarantinedRecord[];
  readonly nextRun: Checkpoint;
  /** The sums over the streams fetched. */
  readonly stats: FetchStats;
}

export interface FetchOptions<Client> {
  /** The enabled streams, fetched in this order within one max_alerts. */
  readonly sources: readonly IncidentSource<Client>[];
  readonly client: Client;
  readonly params: FetchParams;
  /** The stored checkpoint (parsed: parseCheckpoint); undefined on the very first run. */
  readonly lastRun: Checkpoint | undefined;
  readonly clock: Clock;
  readonly log: FetchLog;
}

/**
 * One cycle over every enabled stream: each in turn gets what is left of max_alerts, and the next
 * checkpoint holds every stream's next section (a stream not fetched, or unknown to this build,
 * keeps its section). The caller delivers all the incidents and stores nextRun once, after.
 */
export async function fetchIncidents<Client>(o: FetchOptions<Client>): Promise<FetchResult> {
  // Every stream's filter parameters are refused before the first stream sends anything.
  for (const source of o.sources) source.checkParams?.(o.params);
  const lastRun = o.lastRun ?? firstCheckpoint(o.sources, o.params, o.clock);
  const streams: Record<string, unknown> = { ...lastRun.streams };
  const incidents: Incident[] = [];
  const quarantined: QuarantinedRecord[] = [];
  let stats = NO_STATS;
  for (const source of o.sources) {
    const limit = o.params.max_alerts - incidents.length;
    if (limit <= 0) break;
    // A stream enabled after the checkpoint was made starts at first_fetch.
    const r = await fetchStream({ source, client: o.client, params: o.params, lastRun: streams[source.name], clock: o.clock, log: o.log, limit });
    streams[source.name] = r.nextRun;
    incidents.push(...r.incidents);
    quarantined.push(...r.quarantined);
    stats = addStats(stats, r.stats);
  }
  // outBytes is the deliverer's to set, once it has written these incidents (fetcher.ts).
  const nextRun = checkedCheckpoint({ version: CHECKPOINT_VERSION, streams }, 'the next checkpoint', o.sources);
  return { incidents, quarantined, nextRun, stats };
}
