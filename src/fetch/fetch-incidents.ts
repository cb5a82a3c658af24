// One fetch cycle (darktrace-api.md §6, "recommended fetch loop"): ask /modelbreaches for the
// breaches created since the checkpoint, sort them ourselves, drop what was already delivered, take
// max_alerts, and say where the next cycle starts. No I/O but the client: the caller writes the
// quarantined records, delivers the incidents and only then stores nextRun (soar-conventions.md §3).
//
// Slices (issue #14): the window from the checkpoint to now is asked for in consecutive
// creation-time slices, oldest first (slices.ts), and the cycle stops asking once max_alerts
// incidents are ready. Every breach of the slices asked for is received before the cut is made,
// and the slices cover the window from its start without a gap, so the sorted prefix delivered is
// the same one a single query of the whole window would give; only less is downloaded.
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
// Over 300 lines on purpose: the walk over slices, the per-record accounting and the cut at
// max_alerts share one cycle's counters; the pure rules live in slices.ts, breach-to-incident.ts,
// checkpoint.ts and quarantine.ts.
import { toIso, type Clock } from '../clock.js';
import type { DarktraceClient } from '../client/darktrace-client.js';
import type { Params } from '../config/params.js';
import { breachScore01 } from '../domain/breach.js';
import { ConfigError, FetchSliceTooLargeError, ResponseTooLargeError, StateError } from '../errors.js';
import type { Logger } from '../log.js';
import { parseRelativeTime, RELATIVE_TIME_FORM } from '../relative-time.js';
import { mirrorFields } from '../mirror/settings.js';
import { breachToIncident, pbidForMessage, readBreachKey, type BreachKey, type Incident } from './breach-to-incident.js';
import { CHECKPOINT_VERSION, checkedCheckpoint, FUTURE_TOLERANCE_MS, type Checkpoint, type Delivered } from './checkpoint.js';
import { safeForm, trySerialise, type QuarantinedRecord } from './quarantine.js';
import { countInSlice, firstSliceMs, lastSliceMs, MIN_SLICE_MS, nextSliceMs, sliceBudget, sliceTarget } from './slices.js';

/** How far behind the checkpoint each query reaches for breaches the appliance indexed late. */
export const OVERLAP_MS = 10 * 60_000;
/** A creationTime further than this past the window's end is not a clock difference but a broken value. */
const FAR_FUTURE_MS = 86_400_000;
/**
 * Requests one cycle may make. A normal cycle needs a few dozen (slices grow fourfold when thin);
 * more means answers too dense to walk even at the narrowest slice (an appliance ignoring minscore
 * or the window), and the cycle ends rather than crawl.
 */
export const MAX_SLICES = 1_000;

export type BreachSource = Pick<DarktraceClient, 'modelBreaches'>;
type FetchParams = Pick<Params, 'min_score' | 'max_alerts' | 'first_fetch' | 'incidentType'>;

/** Every record received is counted in exactly one of the other fields. */
export interface FetchStats {
  /** Records the appliance returned for the slices kept (an answer dropped over budget is not counted). */
  readonly received: number;
  readonly delivered: number;
  /** Records that cannot be delivered (no usable pbid or creationTime, not serialisable): see `quarantined`. */
  readonly quarantined: number;
  /** Records under min_score that the appliance returned anyway (it should not). */
  readonly belowScore: number;
  /**
   * Already delivered (or quarantined) in an earlier cycle (the overlap and the checkpoint
   * millisecond), or already received in this one (a repeat in an answer, a shared slice boundary).
   */
  readonly alreadyDelivered: number;
  /** Created outside the slice asked for (before the window: passed long ago; after it: left for a later cycle). */
  readonly outsideWindow: number;
  /** Qualifying breaches received but left for the next cycle because max_alerts was reached. */
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
  /** Records a slice aims for; sliceTarget(max_alerts) when absent. */
  readonly sliceRecords?: number;
  /** Width of the cycle's first slice in ms; from the checkpoint's density when absent (slices.ts). */
  readonly firstSliceMs?: number;
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
      {
        parameter: 'first_fetch',
        message: `${JSON.stringify(params.first_fetch)} is ${toIso(startMs)}, later than now (${toIso(clock.now())}); nothing would be fetched until then. Use a time in the past, e.g. "3 days"`,
      },
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
  readonly key: BreachKey;
  /** The record as parsed, until its incident is built (then dropped, so a cycle holds strings, not trees). */
  record?: unknown;
  incident?: Incident;
  /** Why it cannot become one; quarantined only if the cycle passes it (a deferred one comes again). */
  failure?: QuarantinedRecord;
}

/** (creationTime, pbid) ascending: the appliance promises no order (§4.9, §6 P4). */
function byCreation(a: Candidate, b: Candidate): number {
  return a.key.creationTimeMs - b.key.creationTimeMs || a.key.pbid - b.key.pbid;
}

function quarantine(record: unknown, reason: string, field: string): QuarantinedRecord {
  const pbid = pbidForMessage(record);
  return { reason, field, ...(pbid !== undefined ? { pbid } : {}), record };
}

/** Builds the candidate's incident (or its reason for the quarantine) and lets go of the parsed record. */
function build(c: Candidate): void {
  const record = c.record;
  delete c.record;
  const rawJSON = trySerialise(record);
  if (rawJSON === undefined) {
    // JSON.stringify overflows its stack on deep nesting (issue #12, point 2): kept in a safe form.
    c.failure = quarantine(safeForm(record), 'the record cannot be serialised as JSON (nested too deeply, or not plain data)', '(record)');
    return;
  }
  try {
    c.incident = breachToIncident(record, c.key, rawJSON);
  } catch (err) {
    // The readers never throw; this guards the one record against a bug, never the whole cycle.
    c.failure = quarantine(record, `the record cannot be turned into an incident (${err instanceof Error ? err.message : String(err)})`, '(record)');
  }
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
  const target = o.sliceRecords ?? sliceTarget(o.params.max_alerts);
  const budget = sliceBudget(target);

  const quarantined: QuarantinedRecord[] = [];
  const quarantinedJson = new Set<string>();
  let received = 0;
  let belowScore = 0;
  let alreadyDelivered = 0;
  let outsideWindow = 0;
  const seen = new Set(lastRun.recent.map((d) => d.pbid));
  const fresh: Candidate[] = [];
  let sliceFresh: Candidate[] = [];
  /** Incidents built so far; the walk stops asking once there are max_alerts. */
  let ready = 0;

  /** A record the appliance sends in every slice (no readable creationTime) is quarantined once per cycle. */
  const quarantineOnce = (record: unknown, reason: string, field: string): void => {
    const json = trySerialise(record) ?? JSON.stringify(safeForm(record));
    if (quarantinedJson.has(json)) alreadyDelivered++;
    else {
      quarantinedJson.add(json);
      quarantined.push(quarantine(record, reason, field));
    }
  };

  const take = (record: unknown, sliceStart: number, sliceEnd: number): void => {
    received++;
    const key = readBreachKey(record);
    if ('reason' in key) return quarantineOnce(record, key.reason, key.field);
    if (key.creationTimeMs > endTime + FAR_FUTURE_MS) {
      return quarantineOnce(record, `creationTime is ${toIso(key.creationTimeMs)}, more than a day after this host's clock`, 'creationTime');
    }
    // Unknown or unreadable scores are delivered: the appliance applied minscore already (§4.9).
    const score01 = breachScore01(record);
    if (score01 !== undefined && score01 < minScore01) belowScore++;
    else if (key.creationTimeMs < sliceStart || key.creationTimeMs > sliceEnd) {
      // Returned although outside the slice asked for. Before the cycle's window it was passed long
      // ago and `recent` no longer remembers it (it would come back every cycle); after this host's
      // clock, a later cycle's window holds it; anywhere else, the slice that covers it takes it.
      outsideWindow++;
      o.log.debug?.(
        { pbid: key.pbid, creationTime: toIso(key.creationTimeMs), slice: [toIso(sliceStart), toIso(sliceEnd)] },
        'model breach outside the requested slice skipped',
      );
    } else if (seen.has(key.pbid))
      alreadyDelivered++; // also a repeat within the cycle: an answer's duplicate, a shared slice boundary
    else {
      seen.add(key.pbid);
      sliceFresh.push({ key, record });
    }
  };

  let from = startTime;
  let widthMs = Math.max(MIN_SLICE_MS, o.firstSliceMs ?? firstSliceMs(lastRun.recent.length, overlapMs, target));
  for (let asked = 1; ; asked++) {
    const to = Math.min(endTime, from + widthMs);
    if (asked > MAX_SLICES) {
      if (ready > 0) break;
      throw new FetchSliceTooLargeError(
        `the fetch asked Darktrace for ${MAX_SLICES} time slices of model breaches and reached only ${toIso(from)} without one to deliver: ` +
          'its answers are too dense to walk (check that the appliance applies starttime, endtime and minscore). Nothing was delivered and the checkpoint did not move.',
      );
    }
    let raw: unknown[];
    try {
      raw = await o.client.modelBreaches({ startTime: from, endTime: to, creationTime: true, minScore01, includeAcknowledged: false });
    } catch (err) {
      // The client's byte cap (max_response_mb) refused the answer: ask for less.
      if (!(err instanceof ResponseTooLargeError)) throw err;
      if (to - from > MIN_SLICE_MS) {
        widthMs = Math.max(MIN_SLICE_MS, Math.floor((to - from) / 2));
        o.log.debug?.({ slice: [toIso(from), toIso(to)], nextWidthMs: widthMs }, 'model breach slice over max_response_mb asked again narrower');
        continue;
      }
      if (ready > 0) {
        // Deliver what is ready before the slice: the next cycle starts there and fails at once.
        o.log.warn({ slice: [toIso(from), toIso(to)] }, 'model breach slice too large to read even at its narrowest; delivering the breaches before it');
        break;
      }
      throw new FetchSliceTooLargeError(
        `the model breaches created from ${toIso(from)} to ${toIso(to)} (the narrowest slice the fetch can ask for) are more than max_response_mb lets the client read. ` +
          'Raise max_response_mb; nothing was delivered and the checkpoint did not move.',
        { cause: err },
      );
    }
    // Sizes count only the records created inside the slice: those are what its width decides.
    // A record the appliance returns in every answer (no readable creationTime, or outside the
    // window asked for) would otherwise shrink every slice to the narrowest and crawl.
    const inSlice = countInSlice(raw, from, to);
    if (inSlice > budget && to - from > MIN_SLICE_MS) {
      // Over the record budget: dropped before any work, and the same start asked again narrower.
      widthMs = nextSliceMs(to - from, inSlice, target);
      o.log.debug?.(
        { slice: [toIso(from), toIso(to)], records: inSlice, nextWidthMs: widthMs },
        'model breach slice over the record budget asked again narrower',
      );
      continue;
    }
    sliceFresh = [];
    for (const record of raw) take(record, from, to);
    // Slices come oldest first, so the incidents of a slice's oldest breaches are built now, up to
    // max_alerts in all, and only the tail left for the next cycle keeps its parsed record.
    sliceFresh.sort(byCreation);
    for (const c of sliceFresh) {
      if (ready >= o.params.max_alerts) break;
      build(c);
      if (c.incident) ready++;
    }
    fresh.push(...sliceFresh);
    if (to >= endTime || ready >= o.params.max_alerts) break;
    widthMs = lastSliceMs(nextSliceMs(to - from, inSlice, target), to - from, sliceFresh.length, o.params.max_alerts - ready);
    from = to; // the boundary millisecond is shared (slices.ts)
  }
  fresh.sort(byCreation);

  const incidents: Incident[] = [];
  const passed: BreachKey[] = [];
  let next = 0;
  for (; next < fresh.length && incidents.length < o.params.max_alerts; next++) {
    const c = fresh[next]!;
    // Built already unless a later slice's breach sorted before it (a shared boundary millisecond).
    if ('record' in c) build(c);
    // The instance's incidentType, as XSOAR's integrations declare it (soar-conventions.md §3:
    // `type` is part of the incident); left out when unset, so the platform classifies.
    if (c.incident)
      incidents.push({ ...c.incident, ...(o.params.incidentType ? { type: o.params.incidentType } : {}), ...mirrorFields(o.params, c.incident.dbotMirrorId) });
    else if (c.failure) quarantined.push(c.failure);
    passed.push(c.key);
  }

  const last = passed.at(-1);
  const creationTimeMs = Math.max(lastRun.creationTimeMs, last?.creationTimeMs ?? 0);
  const recent: Delivered[] = [...lastRun.recent, ...passed.map((k) => ({ pbid: k.pbid, creationTimeMs: k.creationTimeMs }))].filter(
    (d) => d.creationTimeMs >= creationTimeMs - overlapMs,
  );
  const nextRun = checkedCheckpoint(
    { version: CHECKPOINT_VERSION, creationTimeMs, recent, ...(firstFetch === undefined ? {} : { firstFetch }) },
    'the next checkpoint',
  );
  return {
    incidents,
    quarantined,
    nextRun,
    stats: {
      received,
      delivered: incidents.length,
      quarantined: quarantined.length,
      belowScore,
      alreadyDelivered,
      outsideWindow,
      deferred: fresh.length - next,
    },
  };
}
