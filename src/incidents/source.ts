// What the incident engine needs of one incident stream (STYLE.md §1: incidents/ -> sources/). The
// engine (fetch-incidents.ts) walks the window from the stream's checkpoint section to now in
// slices, keeps the records it has not delivered, orders them by (time, key), cuts at the cycle's
// budget and computes the next section; everything about the stream itself (its endpoint and
// query, which field is the key and which the time, how a record becomes an incident, why one
// cannot) is here, implemented by sources/<stream>.ts.
import type { ReceivedList } from '../client/received-json.js';
import type { Severity } from '../domain/breach.js';
import type { QuarantinedRecord } from './quarantine.js';

/** One incident in the shape SOAR platforms ingest (reference/soar-conventions.md §3). */
export interface Incident {
  readonly name: string;
  /** ISO-8601 UTC of when the activity began. */
  readonly occurred: string;
  readonly severity: Severity;
  /** The record's key as text: the stable dedupe key. */
  readonly dbotMirrorId: string;
  /** The record as the appliance sent it, JSON. */
  readonly rawJSON: string;
  /** The incident type (model breaches: the instance's incidentType parameter). */
  readonly type?: string;
  /**
   * Cross-links to the other stream (soar-conventions.md §3 `labels`): a model breach's AI Analyst
   * event ids, an AI Analyst event's model-breach pbids. Absent when there are none.
   */
  readonly labels?: readonly IncidentLabel[];
}

/** One incident label: the platform shows `type: value` and playbooks can read it. */
interface IncidentLabel {
  readonly type: string;
  readonly value: string;
}

/** A record's identity within its stream: pbid (a number) for model breaches, an event id for AI Analyst. */
export type RecordKey = number | string;

/** What the engine reads of every record: its key and its place in the stream's time order. */
export interface RecordRef {
  readonly key: RecordKey;
  /** Epoch ms of the stream's time field (model breaches: creationTime). */
  readonly timeMs: number;
}

/** Why a record cannot be delivered, and the field to blame (for the log and the quarantine line). */
export interface Unusable {
  readonly reason: string;
  readonly field: string;
}

/**
 * Where one stream stands, as the engine sees it; each source stores it in its own field names
 * (sources/model-breaches.ts keeps version 1's creationTimeMs and recent[].pbid).
 */
export interface Position {
  /** Stream time (epoch ms) of the newest record passed, or the first_fetch instant before any was. */
  readonly timeMs: number;
  /** Records passed whose time is within the source's overlap before timeMs (including every one at timeMs). */
  readonly recent: readonly RecordRef[];
  /** The first_fetch setting this section started from (or was last told about); absent in old sections. */
  readonly firstFetch?: string;
  /**
   * The first_fetch instant (epoch ms) the stream started from, for a source whose overlap is long
   * (the AI Analyst lookback, a day): no query reaches behind it, so a first fetch delivers from
   * first_fetch, not first_fetch minus the overlap. Absent: the overlap alone decides.
   */
  readonly floorMs?: number;
}

/** The instance parameters the engine and the sources read (typed Params of the manifest, from api/). */
export interface FetchParams {
  readonly min_score: number;
  readonly max_alerts: number;
  readonly first_fetch: string;
  readonly incidentType?: string | undefined;
  /** Model-breach triage filters (sources/model-filters.ts); absent in hand-built params, meaning no filter. */
  readonly min_priority?: number | undefined;
  /** Comma- or newline-separated categories (Critical, Suspicious, Compliance, Informational). */
  readonly categories?: string | undefined;
  /** Model-name globs, one per line or comma-separated (domain/glob.ts). */
  readonly model_include?: string | undefined;
  readonly model_exclude?: string | undefined;
  /** Sent to /modelbreaches as includeacknowledged; false when absent. */
  readonly include_acknowledged?: boolean | undefined;
}

/** One slice of the stream's time window, both ends inclusive (slices.ts). */
interface Window {
  readonly startTime: number;
  readonly endTime: number;
  /** Aborted when the engine no longer needs the answer (a slice asked for ahead and not read). */
  readonly signal?: AbortSignal;
}

export interface IncidentSource<Client = unknown, Section = unknown> {
  /** The stream's name: its checkpoint section's key, and `stream` in log lines ("model-breaches"). */
  readonly name: string;
  /** One record and many in messages: "model breach", "model breaches". */
  readonly label: { readonly one: string; readonly many: string };
  /** The record field the stream's time is read from, for messages ("creationTime"). */
  readonly timeField: string;
  /**
   * How far behind the checkpoint each query reaches for records the appliance shows late; the
   * section remembers every key passed in that window, so none is delivered twice.
   */
  readonly overlapMs: number;
  /**
   * The widest slice one query may ask for, when the stream has no paging at all (the AI Analyst
   * events endpoint answers a window whole, darktrace-next.md §A.3): a first fetch of weeks is
   * asked for in slices of at most this. Absent: the engine's density rules alone (slices.ts).
   */
  readonly maxSliceMs?: number;
  /** This stream's checkpoint section (as stored: unknown until checked) -> Position; throws a z.ZodError naming the field on anything else. */
  readSection(data: unknown): Position;
  /** Position -> this stream's checkpoint section (validated by readSection's schema before it is stored). */
  writeSection(position: Position): Section;
  /**
   * The records of one slice, as the appliance sent them (any order; repeats and strays are handled
   * by the engine); or the answer received but not yet read (ReceivedList), which lets the engine
   * ask for the next slice while it reads this one.
   */
  query(client: Client, window: Window, params: FetchParams): Promise<unknown[] | ReceivedList>;
  /** The record's key and time, or why it must be quarantined. Never throws. */
  readRef(record: unknown): RecordRef | Unusable;
  /** The record's identity for the quarantine line and the log, when it has anything like one ({ pbid: "1417" }). */
  describeRecord(record: unknown): Pick<QuarantinedRecord, 'pbid' | 'id'>;
  /**
   * A record the instance's filters leave out although the appliance returned it: the name of the
   * rule (the parameter) that leaves it out, or true (counted as under min_score); false when it is
   * delivered. A record left out is passed like a delivered one (the checkpoint moves past it and it
   * never comes back), counted, not delivered.
   */
  filteredOut(record: unknown, params: FetchParams): boolean | string;
  /**
   * Checks the parameters this source reads beyond the manifest's own checks, before anything is
   * sent; throws ConfigError naming each bad one. Optional: a source without such parameters has none.
   */
  checkParams?(params: FetchParams): void;
  /** The incident for a record whose ref was read; `rawJSON` is the record serialised as received. */
  toIncident(record: unknown, ref: RecordRef, rawJSON: string, params: FetchParams): Incident;
}
