// One fetch cycle (darktrace-api.md §6, "recommended fetch loop"), for any incident stream
// (source.ts): ask the stream's source for the records created since its checkpoint section, sort
// them ourselves, drop what was already delivered, take max_alerts, and say where the next cycle
// starts; fetch-streams.ts runs the enabled streams in turn. No I/O but the client: the caller
// writes the quarantined records, delivers the incidents and only then stores nextRun (soar-conventions.md §3).
//
// Slices (issue #14): the window from the checkpoint to now is asked for in consecutive
// creation-time slices, oldest first (slices.ts), and the cycle stops asking once max_alerts
// incidents are ready. Every breach of the slices asked for is received before the cut is made,
// and the slices cover the window from its start without a gap, so the sorted prefix delivered is
// the same one a single query of the whole window would give; only less is downloaded. The next
// slice may be asked for while one is read (two in flight at most), but slices are read, and
// their records taken, strictly in order; one asked ahead and not needed is cancelled.
//
// Late indexing: the appliance can make a breach visible after others with a later creationTime
// were already fetched. The query therefore starts the source's overlapMs before the checkpoint, and the
// checkpoint remembers every key delivered in that window (`recent`), so such a breach is
// delivered once, late, instead of never; nothing in the window is delivered twice. A breach that
// becomes visible more than the overlap behind the checkpoint is still missed: the window is the
// trade-off between that and the size of the checkpoint.
//
// Real records (§5.1): only the key and the time are required (source.readRef); everything else
// degrades (sources/<stream>.ts). A record without them, or one that cannot be serialised, is
// returned in `quarantined` with its reason: every record the appliance sent is delivered,
// quarantined, or counted under a named reason in the stats.
//
// Filters (source.filteredOut: min_score, and for model breaches the triage filters of
// sources/model-filters.ts) run after the checkpoint decision: a record left out is passed like a
// delivered one, in (time, key) order, so the checkpoint moves past it and `recent` remembers it;
// it costs nothing of max_alerts and never comes back (darktrace-next.md §D.3).
// Over 300 lines on purpose: the walk over slices, the per-record accounting (filters included) and the cut at
// max_alerts share one cycle's counters; the pure rules live in slices.ts, sources/, position.ts,
// checkpoint.ts and quarantine.ts.
import { z } from 'zod';
import { toIso, type Clock } from '../clock.js';
import { receivedText, type ReceivedList } from '../client/received-json.js';
import { FetchSliceTooLargeError, ResponseTooLargeError } from '../errors.js';
import { mirrorFields } from '../mirror/settings.js';
import { notWritable } from './checkpoint.js';
import { assertNotFuture, firstPosition, noticeFirstFetchChange, type FetchLog } from './position.js';
import { safeForm, trySerialise, type QuarantinedRecord } from './quarantine.js';
import { countInSlice, firstSliceMs, lastSliceMs, MIN_SLICE_MS, nextSliceMs, sliceBudget, sliceTarget } from './slices.js';
import type { FetchParams, Incident, IncidentSource, RecordKey, RecordRef, Unusable } from './source.js';

/** A creation time further than this past the window's end is not a clock difference but a broken value. */
const FAR_FUTURE_MS = 86_400_000;
/**
 * Requests one cycle may make. A normal cycle needs a few dozen (slices grow fourfold when thin);
 * more means answers too dense to walk even at the narrowest slice (an appliance ignoring minscore
 * or the window), and the cycle ends rather than crawl.
 */
export const MAX_SLICES = 1_000;
/**
 * The next slice is asked for before this one is read only when this one, at the density seen so
 * far, would bring less than the limit still missing divided by this: a slice asked for ahead and
 * then not needed is work the appliance did for nothing.
 */
const AHEAD_MARGIN = 1.25;

/** Every record received is counted in exactly one of the other fields. */
export interface FetchStats {
  /** Records the appliance returned for the slices kept (an answer dropped over budget is not counted). */
  readonly received: number;
  readonly delivered: number;
  /** Records that cannot be delivered (no usable key or time, not serialisable): see `quarantined`. */
  readonly quarantined: number;
  /** Records under min_score that the appliance returned anyway (passed like delivered ones). */
  readonly belowScore: number;
  /** Records the instance's other filters left out (passed like delivered ones); by rule in `filteredBy`. */
  readonly filtered: number;
  /** `filtered` by the rule (parameter) that left each record out: { categories: 3, model_exclude: 1 }. */
  readonly filteredBy: Readonly<Record<string, number>>;
  /**
   * Already delivered (or quarantined) in an earlier cycle (the overlap and the checkpoint
   * millisecond), or already received in this one (a repeat in an answer, a shared slice boundary).
   */
  readonly alreadyDelivered: number;
  /** Created outside the slice asked for (before the window: passed long ago; after it: left for a later cycle). */
  readonly outsideWindow: number;
  /** Qualifying records received but left for the next cycle because max_alerts was reached. */
  readonly deferred: number;
}

export interface StreamResult<Section = unknown> {
  readonly incidents: Incident[];
  /** Records to write to the quarantine before nextRun is stored. */
  readonly quarantined: QuarantinedRecord[];
  /** The stream's next checkpoint section. */
  readonly nextRun: Section;
  readonly stats: FetchStats;
}

export interface StreamOptions<Client, Section> {
  readonly source: IncidentSource<Client, Section>;
  readonly client: Client;
  readonly params: FetchParams;
  /** The stream's stored checkpoint section; undefined on its very first run. */
  readonly lastRun: unknown;
  readonly clock: Clock;
  readonly log: FetchLog;
  /** Incidents this stream may deliver in this cycle; max_alerts when absent. */
  readonly limit?: number;
  /** The source's overlapMs when absent. */
  readonly overlapMs?: number;
  /** Records a slice aims for; sliceTarget(max_alerts) when absent. */
  readonly sliceRecords?: number;
  /** Width of the cycle's first slice in ms; from the checkpoint's density when absent (slices.ts). */
  readonly firstSliceMs?: number;
}

interface Candidate {
  readonly ref: RecordRef;
  /** The record as parsed, until its incident is built (then dropped, so a cycle holds strings, not trees). */
  record?: unknown;
  incident?: Incident;
  /** Why it cannot become one; quarantined only if the cycle passes it (a deferred one comes again). */
  failure?: QuarantinedRecord;
  /** The filter rule that leaves it out: passed, counted, never built. */
  filtered?: string;
}

/**
 * Reading an answer is synchronous, so a request asked for just before it would only leave after
 * it. Two turns of the event loop: one in which the connection pool opens (or hands out) a
 * connection, one in which the request is written to it (measured: with one turn the next slice
 * reached the simulator only after the reading; with two, before).
 */
async function letRequestLeave(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** A source's answer that was read already, as a ReceivedList (its length unknown: 0). */
function readList(records: unknown[]): ReceivedList {
  return { length: 0, records: () => records };
}

function compareKeys(a: RecordKey, b: RecordKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** (time, key) ascending: the appliance promises no order (§4.9, §6 P4). */
function byTime(a: Candidate, b: Candidate): number {
  return a.ref.timeMs - b.ref.timeMs || compareKeys(a.ref.key, b.ref.key);
}

/** One stream's cycle: the walk over slices from its section, the cut at the limit, and its next section. */
export async function fetchStream<Client, Section>(o: StreamOptions<Client, Section>): Promise<StreamResult<Section>> {
  const { source } = o;
  // Filter parameters are refused before anything is sent (DT_CONFIG_INVALID).
  source.checkParams?.(o.params);
  const overlapMs = o.overlapMs ?? source.overlapMs;
  // A first run starts from the section the source would store for it (fetch-streams.ts firstCheckpoint):
  // what the source does not keep (floorMs, for model breaches) plays no part either way.
  const lastRun = source.readSection(o.lastRun === undefined ? source.writeSection(firstPosition(o.params, o.clock)) : o.lastRun);
  assertNotFuture(lastRun, 'lastRun', o.clock);
  const limit = o.limit ?? o.params.max_alerts;
  const firstFetch = noticeFirstFetchChange(lastRun, o.params.first_fetch, o.log);
  // Never behind the first_fetch instant, for a source that keeps it (a day-long lookback would
  // otherwise make a first fetch deliver a day more than first_fetch asked for).
  const startTime = Math.max(lastRun.floorMs ?? 0, lastRun.timeMs - overlapMs);
  const maxSliceMs = source.maxSliceMs ?? Number.POSITIVE_INFINITY;
  const endTime = o.clock.now();
  const target = o.sliceRecords ?? sliceTarget(o.params.max_alerts);
  const budget = sliceBudget(target);
  const readRef = (record: unknown) => source.readRef(record);

  const quarantine = (record: unknown, reason: string, field: string): QuarantinedRecord => ({
    stream: source.name,
    reason,
    field,
    ...source.describeRecord(record),
    record,
  });
  /** Builds the candidate's incident (or its reason for the quarantine) and lets go of the parsed record. */
  const build = (c: Candidate): void => {
    const record = c.record;
    delete c.record;
    // The text the record arrived as when the client kept it (a slice of the answer, no new work).
    const rawJSON = receivedText(record) ?? trySerialise(record);
    if (rawJSON === undefined) {
      // JSON.stringify overflows its stack on deep nesting (issue #12, point 2): kept in a safe form.
      c.failure = quarantine(safeForm(record), 'the record cannot be serialised as JSON (nested too deeply, or not plain data)', '(record)');
      return;
    }
    try {
      const incident = source.toIncident(record, c.ref, rawJSON, o.params);
      // The mirror fields are the same for every stream (dbotMirrorId is the incident's key).
      c.incident = { ...incident, ...mirrorFields(o.params, incident.dbotMirrorId) };
    } catch (err) {
      // The readers never throw; this guards the one record against a bug, never the whole cycle.
      c.failure = quarantine(record, `the record cannot be turned into an incident (${err instanceof Error ? err.message : String(err)})`, '(record)');
    }
  };

  const quarantined: QuarantinedRecord[] = [];
  const quarantinedJson = new Set<string>();
  let received = 0;
  let belowScore = 0;
  let filtered = 0;
  const filteredBy: Record<string, number> = {};
  let alreadyDelivered = 0;
  let outsideWindow = 0;
  const seen = new Set<RecordKey>(lastRun.recent.map((d) => d.key));
  const fresh: Candidate[] = [];
  let sliceFresh: Candidate[] = [];
  /** Incidents built so far; the walk stops asking once there are `limit`. */
  let ready = 0;

  /** A record the appliance sends in every slice (no readable time) is quarantined once per cycle. */
  const quarantineOnce = (record: unknown, reason: string, field: string): void => {
    const json = trySerialise(record) ?? JSON.stringify(safeForm(record));
    if (quarantinedJson.has(json)) alreadyDelivered++;
    else {
      quarantinedJson.add(json);
      quarantined.push(quarantine(record, reason, field));
    }
  };

  /** `buildNow`: every fresh record of this slice becomes an incident, so it is built at once (see below). */
  const take = (record: unknown, ref: RecordRef | Unusable, sliceStart: number, sliceEnd: number, buildNow: boolean): void => {
    received++;
    if ('reason' in ref) return quarantineOnce(record, ref.reason, ref.field);
    if (ref.timeMs > endTime + FAR_FUTURE_MS) {
      const field = source.timeField;
      return quarantineOnce(record, `${field} is ${toIso(ref.timeMs)}, more than a day after this host's clock`, field);
    }
    if (ref.timeMs < sliceStart || ref.timeMs > sliceEnd) {
      // Returned although outside the slice asked for. Before the cycle's window it was passed long
      // ago and `recent` no longer remembers it (it would come back every cycle); after this host's
      // clock, a later cycle's window holds it; anywhere else, the slice that covers it takes it.
      outsideWindow++;
      o.log.debug?.(
        { stream: source.name, key: ref.key, [source.timeField]: toIso(ref.timeMs), slice: [toIso(sliceStart), toIso(sliceEnd)] },
        `${source.label.one} outside the requested slice skipped`,
      );
    } else if (seen.has(ref.key))
      alreadyDelivered++; // also a repeat within the cycle: an answer's duplicate, a shared slice boundary
    else {
      seen.add(ref.key);
      const rule = source.filteredOut(record, o.params);
      const c: Candidate = rule === false ? { ref, record } : { ref, filtered: rule === true ? 'min_score' : rule };
      if (buildNow && rule === false) {
        build(c);
        if (c.incident) ready++;
      }
      sliceFresh.push(c);
    }
  };

  const ask = (from: number, to: number, signal?: AbortSignal): Promise<ReceivedList> =>
    source
      .query(o.client, { startTime: from, endTime: to, ...(signal ? { signal } : {}) }, o.params)
      .then((answer) => (Array.isArray(answer) ? readList(answer) : answer));
  /**
   * What the answers read so far say of an answer before it is read: records created inside their
   * slice per character. Records an appliance repeats in every answer (no readable time) count
   * only as characters, so they cannot make every estimate large and every slice narrow.
   */
  let charsRead = 0;
  let inSliceRead = 0;
  /** Before the first answer is read, the density the checkpoint remembers (none on a first run). */
  const recentPerMs = overlapMs > 0 && lastRun.recent.length > 0 ? lastRun.recent.length / overlapMs : undefined;
  /** The records created inside a slice `widthMs` wide whose answer is `chars` long, before reading it; undefined when nothing says. */
  const expectedRecords = (chars: number, widthMs: number): number | undefined => {
    if (chars === 0) return undefined; // an answer read already (a stand-in's list): nothing to overlap
    // Only answers that held records say how many characters one takes: after empty ones (a
    // first_fetch older than the data) an answer of any length would look empty, and the slice
    // asked ahead of it twice as wide.
    if (inSliceRead > 0) return (chars * inSliceRead) / charsRead;
    return recentPerMs === undefined ? undefined : recentPerMs * widthMs;
  };
  let from = startTime;
  let widthMs = Math.min(maxSliceMs, Math.max(MIN_SLICE_MS, o.firstSliceMs ?? firstSliceMs(lastRun.recent.length, overlapMs, target)));
  /** The slice after the one being read, asked for before reading it (see below). */
  let ahead: { readonly to: number; readonly answer: Promise<ReceivedList>; readonly cancel: AbortController } | undefined;
  /** A slice asked for ahead that will not be read is cancelled, not left to run (and retry) on its own. */
  const dropAhead = (): void => {
    ahead?.cancel.abort();
    ahead = undefined;
  };
  try {
    for (let asked = 1; ; asked++) {
      const to = ahead?.to ?? Math.min(endTime, from + widthMs);
      if (asked > MAX_SLICES) {
        // Breaches the triage filters left out are passed too, so the next cycle starts after them;
        // ones under min_score are not: only an appliance ignoring minscore sends those.
        if (ready > 0 || fresh.some((c) => c.filtered !== undefined && c.filtered !== 'min_score')) break;
        throw new FetchSliceTooLargeError(
          `the fetch asked Darktrace for ${MAX_SLICES} time slices of ${source.label.many} and reached only ${toIso(from)} without one to deliver: ` +
            'its answers are too dense to walk (check that the appliance applies starttime, endtime and minscore). Nothing was delivered and the checkpoint did not move.',
        );
      }
      let raw: unknown[];
      let receivedChars = 0;
      try {
        const pending = ahead?.answer ?? ask(from, to);
        ahead = undefined;
        const answer = await pending;
        // Pipelining: while this answer is parsed and its records turned into incidents, the
        // appliance can already prepare the next slice. It is asked for now when, at the density of
        // the answers read so far (records per character; for a cycle's first answer, the
        // checkpoint's), this one cannot fill the limit, so it is almost always needed; its width
        // comes from that estimate instead of the count read below.
        const expected = expectedRecords(answer.length, to - from);
        if (expected !== undefined && to < endTime && asked < MAX_SLICES && ready + expected * AHEAD_MARGIN < limit) {
          const nextTo = Math.min(
            endTime,
            to + Math.min(maxSliceMs, lastSliceMs(nextSliceMs(to - from, expected, target), to - from, expected, limit - ready - expected)),
          );
          const cancel = new AbortController();
          ahead = { to: nextTo, answer: ask(to, nextTo, cancel.signal), cancel };
          // Awaited in the next round; a failure before then (or its cancelling) is not "unhandled".
          ahead.answer.catch(() => undefined);
          await letRequestLeave();
        }
        raw = [...answer.records()]; // ours to empty as it is read
        receivedChars = answer.length;
      } catch (err) {
        // The client's byte cap (max_response_mb) refused the answer: ask for less. A slice asked
        // for ahead of it no longer follows on: its answer is left unread.
        if (!(err instanceof ResponseTooLargeError)) throw err;
        dropAhead();
        if (to - from > MIN_SLICE_MS) {
          widthMs = Math.min(maxSliceMs, Math.max(MIN_SLICE_MS, Math.floor((to - from) / 2)));
          o.log.debug?.(
            { stream: source.name, slice: [toIso(from), toIso(to)], nextWidthMs: widthMs },
            `${source.label.one} slice over max_response_mb asked again narrower`,
          );
          continue;
        }
        if (ready > 0) {
          // Deliver what is ready before the slice: the next cycle starts there and fails at once.
          o.log.warn(
            { stream: source.name, slice: [toIso(from), toIso(to)] },
            `${source.label.one} slice too large to read even at its narrowest; delivering the ${source.label.many} before it`,
          );
          break;
        }
        throw new FetchSliceTooLargeError(
          `the ${source.label.many} created from ${toIso(from)} to ${toIso(to)} (the narrowest slice the fetch can ask for) are more than max_response_mb lets the client read. ` +
            'Raise max_response_mb; nothing was delivered and the checkpoint did not move.',
          { cause: err },
        );
      }
      // Sizes count only the records created inside the slice: those are what its width decides.
      // A record the appliance returns in every answer (no readable time, or outside the window
      // asked for) would otherwise shrink every slice to the narrowest and crawl.
      // Each record's key and time, read once for the count and for taking it.
      const refs = raw.map(readRef);
      const inSlice = countInSlice(refs, from, to);
      charsRead += receivedChars;
      inSliceRead += inSlice;
      if (inSlice > budget && to - from > MIN_SLICE_MS) {
        // Over the record budget: dropped before any work, and the same start asked again narrower
        // (a slice asked for ahead no longer follows it: cancelled).
        dropAhead();
        widthMs = Math.min(maxSliceMs, nextSliceMs(to - from, inSlice, target));
        o.log.debug?.(
          { stream: source.name, slice: [toIso(from), toIso(to)], records: inSlice, nextWidthMs: widthMs },
          `${source.label.one} slice over the record budget asked again narrower`,
        );
        continue;
      }
      sliceFresh = [];
      // When even every record of the slice becoming an incident stays within the limit, each is
      // built as it is read and its parsed tree let go at once (the answer's list is ours: emptied as
      // it is read), so a cycle never holds a whole answer's trees.
      const buildNow = ready + inSlice <= limit;
      for (let i = 0; i < raw.length; i++) {
        take(raw[i], refs[i]!, from, to, buildNow);
        raw[i] = undefined;
      }
      // Otherwise slices come oldest first, so the incidents of a slice's oldest records are built
      // now, up to the limit in all, and only the tail left for the next cycle keeps its parsed record.
      sliceFresh.sort(byTime);
      for (const c of sliceFresh) {
        if (c.filtered !== undefined || !('record' in c)) continue;
        if (ready >= limit) break;
        build(c);
        if (c.incident) ready++;
      }
      fresh.push(...sliceFresh);
      if (to >= endTime || ready >= limit) break; // a slice asked for ahead is then not needed (the estimate was low)
      if (ahead === undefined) {
        const deliverable = sliceFresh.filter((c) => c.filtered === undefined).length;
        widthMs = Math.min(maxSliceMs, lastSliceMs(nextSliceMs(to - from, inSlice, target), to - from, deliverable, limit - ready));
      }
      from = to; // the boundary millisecond is shared (slices.ts)
    }
  } finally {
    dropAhead(); // however the walk ended, nothing asked for ahead is left running
  }
  fresh.sort(byTime);

  const incidents: Incident[] = [];
  const passed: RecordRef[] = [];
  let next = 0;
  for (; next < fresh.length; next++) {
    const c = fresh[next]!;
    if (c.filtered !== undefined) {
      // Passed at no cost to max_alerts, also right after the cut: nothing deliverable is before it.
      if (c.filtered === 'min_score') belowScore++;
      else {
        filtered++;
        filteredBy[c.filtered] = (filteredBy[c.filtered] ?? 0) + 1;
      }
      passed.push(c.ref);
      continue;
    }
    if (incidents.length >= limit) break;
    // Built already unless a later slice's record sorted before it (a shared boundary millisecond).
    if ('record' in c) build(c);
    if (c.incident) incidents.push(c.incident);
    else if (c.failure) quarantined.push(c.failure);
    passed.push(c.ref);
  }

  const last = passed.at(-1);
  const timeMs = Math.max(lastRun.timeMs, last?.timeMs ?? 0);
  const recent = [...lastRun.recent, ...passed.map((r) => ({ key: r.key, timeMs: r.timeMs }))].filter((d) => d.timeMs >= timeMs - overlapMs);
  let nextRun: Section;
  try {
    nextRun = source.writeSection({
      timeMs,
      recent,
      ...(firstFetch === undefined ? {} : { firstFetch }),
      ...(lastRun.floorMs === undefined ? {} : { floorMs: lastRun.floorMs }),
    });
  } catch (err) {
    if (err instanceof z.ZodError) throw notWritable(`the next checkpoint of ${source.label.many}`, err);
    throw err;
  }
  return {
    incidents,
    quarantined,
    nextRun,
    stats: {
      received,
      delivered: incidents.length,
      quarantined: quarantined.length,
      belowScore,
      filtered,
      filteredBy,
      alreadyDelivered,
      outsideWindow,
      deferred: fresh.length - next,
    },
  };
}
