// One fetch cycle (darktrace-api.md §6, "recommended fetch loop"): ask /modelbreaches for the
// breaches created since the checkpoint, sort them ourselves, drop what was already delivered, take
// max_alerts, and say where the next cycle starts. No I/O but the client: the caller writes the
// quarantined records, delivers the incidents and only then stores nextRun (soar-conventions.md §3).
//
// Late indexing: the appliance can make a breach visible after others with a later creationTime
// were already fetched. The query therefore starts OVERLAP_MS before the checkpoint, and the
// checkpoint remembers every pbid delivered in that window (`recent`), so such a breach is
// delivered once, late, instead of never; nothing in the window is delivered twice. A breach that
// becomes visible more than OVERLAP_MS behind the checkpoint is still missed: the window is the
// trade-off between that and the size of the checkpoint.
//
// Real records (§5.1): only pbid and creationTime are required (readBreachKey); everything else
// degrades (breach-to-incident.ts). A record without them, or one that cannot be serialised, is
// returned in `quarantined` with its reason: every record the appliance sent is delivered,
// quarantined, or counted under a named reason in the stats.
import { toIso, type Clock } from '../clock.js';
import type { DarktraceClient } from '../client/darktrace-client.js';
import type { Params } from '../config/params.js';
import { breachScore01 } from '../domain/breach.js';
import { ConfigError, StateError } from '../errors.js';
import type { Logger } from '../log.js';
import { parseRelativeTime, RELATIVE_TIME_FORM } from '../relative-time.js';
import { breachToIncident, pbidForMessage, readBreachKey, type BreachKey, type Incident } from './breach-to-incident.js';
import { CHECKPOINT_VERSION, checkedCheckpoint, FUTURE_TOLERANCE_MS, type Checkpoint, type Delivered } from './checkpoint.js';
import { safeForm, trySerialise, type QuarantinedRecord } from './quarantine.js';

/** How far behind the checkpoint each query reaches for breaches the appliance indexed late. */
export const OVERLAP_MS = 10 * 60_000;
/** A creationTime further than this past the window's end is not a clock difference but a broken value. */
export const FAR_FUTURE_MS = 86_400_000;

export type BreachSource = Pick<DarktraceClient, 'modelBreaches'>;
export type FetchParams = Pick<Params, 'min_score' | 'max_alerts' | 'first_fetch' | 'incidentType'>;

/** Every record received is counted in exactly one of the other fields. */
export interface FetchStats {
  /** Records the appliance returned for the window. */
  readonly received: number;
  readonly delivered: number;
  /** Records that cannot be delivered (no usable pbid or creationTime, not serialisable): see `quarantined`. */
  readonly quarantined: number;
  /** Records under min_score that the appliance returned anyway (it should not). */
  readonly belowScore: number;
  /** Already delivered (or quarantined) in an earlier cycle: the overlap and the checkpoint millisecond. */
  readonly alreadyDelivered: number;
  /** Created outside the window asked for (before it: passed long ago; after it: left for a later cycle). */
  readonly outsideWindow: number;
  /** Qualifying breaches left for the next cycle because max_alerts was reached. */
  readonly deferred: number;
}

export interface FetchResult {
  readonly incidents: Incident[];
  /** Records to write to the quarantine before nextRun is stored. */
  readonly quarantined: QuarantinedRecord[];
  readonly nextRun: Checkpoint;
  readonly stats: FetchStats;
}

export interface FetchOptions {
  readonly client: BreachSource;
  readonly params: FetchParams;
  /** The stored checkpoint; undefined on the very first run. */
  readonly lastRun: Checkpoint | undefined;
  readonly clock: Clock;
  readonly log: Pick<Logger, 'warn'> & Partial<Pick<Logger, 'debug'>>;
  readonly overlapMs?: number;
}

/**
 * The checkpoint a first run starts from: first_fetch resolved, once, to epoch ms (never seconds,
 * §6 P1). A first_fetch later than now would fetch nothing until then, silently: refused.
 */
export function firstCheckpoint(params: Pick<Params, 'first_fetch'>, clock: Clock): Checkpoint {
  const startMs = parseRelativeTime(params.first_fetch, clock);
  if (startMs === undefined) {
    throw new ConfigError([{ parameter: 'first_fetch', message: `expected ${RELATIVE_TIME_FORM}, got ${JSON.stringify(params.first_fetch)}` }]);
  }
  if (startMs > clock.now() + FUTURE_TOLERANCE_MS) {
    throw new ConfigError([
      { parameter: 'first_fetch', message: `${JSON.stringify(params.first_fetch)} is ${toIso(startMs)}, later than now (${toIso(clock.now())}); nothing would be fetched until then. Use a time in the past, e.g. "3 days"` },
    ]);
  }
  return { version: CHECKPOINT_VERSION, creationTimeMs: Math.max(0, startMs), recent: [], firstFetch: params.first_fetch };
}

/**
 * first_fetch only sets where the very first cycle starts. Changed later, it is ignored because
 * the checkpoint exists, which looked like a fetch stuck on old settings (issue #15): say so once,
 * with how to start over. Returns the first_fetch to record in the next checkpoint.
 */
function noticeFirstFetchChange(lastRun: Checkpoint, firstFetch: string, log: FetchOptions['log']): string | undefined {
  if (lastRun.firstFetch !== undefined && lastRun.firstFetch !== firstFetch) {
    log.warn(
      { firstFetch, checkpointFirstFetch: lastRun.firstFetch, checkpoint: toIso(lastRun.creationTimeMs) },
      `first_fetch changed from "${lastRun.firstFetch}" to "${firstFetch}", but the checkpoint wins: fetching continues from ${toIso(lastRun.creationTimeMs)}. ` +
        'To fetch again from the new first_fetch, delete the checkpoint (the --state file; under exec, send no lastRun). Said once.',
    );
  }
  return lastRun.firstFetch === undefined ? undefined : firstFetch;
}

/** A checkpoint later than now (beyond the tolerance) would make every cycle fetch nothing, silently. */
export function assertNotFuture(checkpoint: Checkpoint, source: string, clock: Clock): void {
  if (checkpoint.creationTimeMs <= clock.now() + FUTURE_TOLERANCE_MS) return;
  throw new StateError(
    `the fetch checkpoint ${source} is at ${toIso(checkpoint.creationTimeMs)}, later than now (${toIso(clock.now())}): every cycle would fetch nothing. ` +
      "Check this host's clock; if the checkpoint is wrong, restore it from a backup or delete it to fetch again from first_fetch.",
  );
}

interface Candidate {
  readonly record: unknown;
  readonly key: BreachKey;
}

/** (creationTime, pbid) ascending: the appliance promises no order (§4.9, §6 P4). */
function byCreation(a: Candidate, b: Candidate): number {
  return a.key.creationTimeMs - b.key.creationTimeMs || a.key.pbid - b.key.pbid;
}

function quarantine(record: unknown, reason: string, field: string): QuarantinedRecord {
  const pbid = pbidForMessage(record);
  return { reason, field, ...(pbid !== undefined ? { pbid } : {}), record };
}

export async function fetchIncidents(o: FetchOptions): Promise<FetchResult> {
  const overlapMs = o.overlapMs ?? OVERLAP_MS;
  const lastRun = o.lastRun ?? firstCheckpoint(o.params, o.clock);
  assertNotFuture(lastRun, 'lastRun', o.clock);
  const firstFetch = noticeFirstFetchChange(lastRun, o.params.first_fetch, o.log);
  // The one line that converts the instance's 0-100 to the API's 0-1 (§6 P5).
  const minScore01 = o.params.min_score / 100;
  const startTime = Math.max(0, lastRun.creationTimeMs - overlapMs);
  const endTime = o.clock.now();
  const raw = await o.client.modelBreaches({ startTime, endTime, creationTime: true, minScore01, includeAcknowledged: false });

  const quarantined: QuarantinedRecord[] = [];
  let belowScore = 0;
  let alreadyDelivered = 0;
  let outsideWindow = 0;
  const seen = new Set(lastRun.recent.map((d) => d.pbid));
  const fresh: Candidate[] = [];
  for (const record of raw) {
    const key = readBreachKey(record);
    if ('reason' in key) {
      quarantined.push(quarantine(record, key.reason, key.field));
      continue;
    }
    if (key.creationTimeMs > endTime + FAR_FUTURE_MS) {
      quarantined.push(quarantine(record, `creationTime is ${toIso(key.creationTimeMs)}, more than a day after this host's clock`, 'creationTime'));
      continue;
    }
    // Unknown or unreadable scores are delivered: the appliance applied minscore already (§4.9).
    const score01 = breachScore01(record);
    if (score01 !== undefined && score01 < minScore01) belowScore++;
    else if (key.creationTimeMs < startTime || key.creationTimeMs > endTime) {
      // Returned although outside the window asked for: before it, it was passed long ago and
      // `recent` no longer remembers it (it would come back every cycle); after it, a later cycle's
      // window holds it and the checkpoint never passes this host's clock.
      outsideWindow++;
      o.log.debug?.({ pbid: key.pbid, creationTime: toIso(key.creationTimeMs), window: [toIso(startTime), toIso(endTime)] }, 'model breach outside the requested window skipped');
    } else if (seen.has(key.pbid)) alreadyDelivered++;
    else {
      seen.add(key.pbid); // a record the appliance repeats within one answer counts once
      fresh.push({ record, key });
    }
  }
  fresh.sort(byCreation);

  const incidents: Incident[] = [];
  const passed: BreachKey[] = [];
  let next = 0;
  for (; next < fresh.length && incidents.length < o.params.max_alerts; next++) {
    const { record, key } = fresh[next]!;
    const rawJSON = trySerialise(record);
    if (rawJSON === undefined) {
      // JSON.stringify overflows its stack on deep nesting (issue #12, point 2): kept in a safe form.
      quarantined.push({ ...quarantine(safeForm(record), 'the record cannot be serialised as JSON (nested too deeply, or not plain data)', '(record)') });
    } else {
      try {
        const incident = breachToIncident(record, key, rawJSON);
        // The instance's incidentType, as XSOAR's integrations declare it (soar-conventions.md §3:
        // `type` is part of the incident); left out when unset, so the platform classifies.
        incidents.push(o.params.incidentType ? { ...incident, type: o.params.incidentType } : incident);
      } catch (err) {
        // The readers never throw; this guards the one record against a bug, never the whole cycle.
        quarantined.push(quarantine(record, `the record cannot be turned into an incident (${err instanceof Error ? err.message : String(err)})`, '(record)'));
      }
    }
    passed.push(key);
  }

  const last = passed.at(-1);
  const creationTimeMs = Math.max(lastRun.creationTimeMs, last?.creationTimeMs ?? 0);
  const recent: Delivered[] = [...lastRun.recent, ...passed.map((k) => ({ pbid: k.pbid, creationTimeMs: k.creationTimeMs }))].filter(
    (d) => d.creationTimeMs >= creationTimeMs - overlapMs,
  );
  const nextRun = checkedCheckpoint({ version: CHECKPOINT_VERSION, creationTimeMs, recent, ...(firstFetch === undefined ? {} : { firstFetch }) }, 'the next checkpoint');
  return {
    incidents,
    quarantined,
    nextRun,
    stats: { received: raw.length, delivered: incidents.length, quarantined: quarantined.length, belowScore, alreadyDelivered, outsideWindow, deferred: fresh.length - next },
  };
}
