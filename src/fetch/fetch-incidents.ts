// One fetch cycle (darktrace-api.md §6, "recommended fetch loop"): ask /modelbreaches for the
// breaches created since the checkpoint, sort them ourselves, drop what was already delivered, take
// max_alerts, and say where the next cycle starts. No I/O but the client: the caller delivers the
// incidents and only then stores nextRun (soar-conventions.md §3).
//
// Late indexing: the appliance can make a breach visible after others with a later creationTime
// were already fetched. The query therefore starts OVERLAP_MS before the checkpoint, and the
// checkpoint remembers every pbid delivered in that window (`recent`), so such a breach is
// delivered once, late, instead of never; nothing in the window is delivered twice. A breach that
// becomes visible more than OVERLAP_MS behind the checkpoint is still missed: the window is the
// trade-off between that and the size of the checkpoint.
import type { Clock } from '../clock.js';
import type { DarktraceClient } from '../client/darktrace-client.js';
import { ModelBreachSchema, type ModelBreach } from '../client/schemas.js';
import type { Params } from '../config/params.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log.js';
import { parseRelativeTime, RELATIVE_TIME_FORM } from '../relative-time.js';
import { breachToIncident, type Incident } from './breach-to-incident.js';
import { CHECKPOINT_VERSION, type Checkpoint, type Delivered } from './checkpoint.js';

/** How far behind the checkpoint each query reaches for breaches the appliance indexed late. */
export const OVERLAP_MS = 10 * 60_000;

export type BreachSource = Pick<DarktraceClient, 'modelBreaches'>;
export type FetchParams = Pick<Params, 'min_score' | 'max_alerts' | 'first_fetch'>;

export interface FetchStats {
  /** Records the appliance returned for the window. */
  readonly received: number;
  readonly delivered: number;
  /** Records that failed validation (logged with their pbid) and were skipped. */
  readonly malformed: number;
  /** Records under min_score that the appliance returned anyway (it should not). */
  readonly belowScore: number;
  /** Already delivered in an earlier cycle (the overlap and the checkpoint millisecond). */
  readonly alreadyDelivered: number;
  /** Qualifying breaches left for the next cycle because max_alerts was reached. */
  readonly deferred: number;
}

export interface FetchResult {
  readonly incidents: Incident[];
  readonly nextRun: Checkpoint;
  readonly stats: FetchStats;
}

export interface FetchOptions {
  readonly client: BreachSource;
  readonly params: FetchParams;
  /** The stored checkpoint; undefined on the very first run. */
  readonly lastRun: Checkpoint | undefined;
  readonly clock: Clock;
  readonly log: Pick<Logger, 'warn'>;
  readonly overlapMs?: number;
}

/** The checkpoint a first run starts from: first_fetch resolved, once, to epoch ms (never seconds, §6 P1). */
export function firstCheckpoint(params: Pick<Params, 'first_fetch'>, clock: Clock): Checkpoint {
  const startMs = parseRelativeTime(params.first_fetch, clock);
  if (startMs === undefined) {
    throw new ConfigError([{ parameter: 'first_fetch', message: `expected ${RELATIVE_TIME_FORM}, got ${JSON.stringify(params.first_fetch)}` }]);
  }
  return { version: CHECKPOINT_VERSION, creationTimeMs: Math.max(0, startMs), recent: [] };
}

type Dated = ModelBreach & { creationTime: number };

/** (creationTime, pbid) ascending: the appliance promises no order (§4.9, §6 P4). */
function byCreation(a: Dated, b: Dated): number {
  return a.creationTime - b.creationTime || a.pbid - b.pbid;
}

function recordId(raw: unknown): string {
  const pbid = raw !== null && typeof raw === 'object' ? (raw as { pbid?: unknown }).pbid : undefined;
  return typeof pbid === 'number' || typeof pbid === 'string' ? String(pbid) : 'unknown';
}

export async function fetchIncidents(o: FetchOptions): Promise<FetchResult> {
  const overlapMs = o.overlapMs ?? OVERLAP_MS;
  const lastRun = o.lastRun ?? firstCheckpoint(o.params, o.clock);
  // The one line that converts the instance's 0-100 to the API's 0-1 (§6 P5).
  const minScore01 = o.params.min_score / 100;
  const raw = await o.client.modelBreaches({
    startTime: Math.max(0, lastRun.creationTimeMs - overlapMs),
    endTime: o.clock.now(),
    creationTime: true,
    minScore01,
    includeAcknowledged: false,
  });

  let malformed = 0;
  let belowScore = 0;
  let alreadyDelivered = 0;
  const seen = new Set(lastRun.recent.map((d) => d.pbid));
  const fresh: Dated[] = [];
  for (const record of raw) {
    const parsed = ModelBreachSchema.safeParse(record);
    if (!parsed.success || parsed.data.creationTime === undefined) {
      malformed++;
      o.log.warn({ pbid: recordId(record), issue: parsed.success ? 'creationTime: missing' : parsed.error.issues[0]?.message }, 'malformed model breach skipped');
      continue;
    }
    // The schema has no transforms, so the record as received is the validated value: keeping it
    // (not zod's copy) halves the memory of a large window and keeps rawJSON byte-faithful.
    const breach = record as Dated;
    if (breach.score < minScore01) belowScore++;
    else if (seen.has(breach.pbid)) alreadyDelivered++;
    else {
      seen.add(breach.pbid); // a record the appliance repeats within one answer counts once
      fresh.push(breach);
    }
  }
  fresh.sort(byCreation);
  const taken = fresh.slice(0, o.params.max_alerts);

  const last = taken.at(-1);
  const creationTimeMs = Math.max(lastRun.creationTimeMs, last?.creationTime ?? 0);
  const recent: Delivered[] = [...lastRun.recent, ...taken.map((b) => ({ pbid: b.pbid, creationTimeMs: b.creationTime }))].filter(
    (d) => d.creationTimeMs >= creationTimeMs - overlapMs,
  );
  return {
    incidents: taken.map(breachToIncident),
    nextRun: { version: CHECKPOINT_VERSION, creationTimeMs, recent },
    stats: { received: raw.length, delivered: taken.length, malformed, belowScore, alreadyDelivered, deferred: fresh.length - taken.length },
  };
}
