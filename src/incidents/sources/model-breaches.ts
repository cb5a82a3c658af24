// The model-breach stream (reference/darktrace-api.md §4.9, §6): everything the incident engine
// (../fetch-incidents.ts) must not know about it. Records come from /modelbreaches queried on
// creationTime, minscore as 0-1, acknowledged breaches left out unless include_acknowledged (the
// triage filters the appliance cannot apply: model-filters.ts); the key is the pbid, the stream
// time the creationTime; the checkpoint section keeps version 1's field names (creationTimeMs,
// recent[].pbid), so a version-1 checkpoint is this section as it was.
//
// One model breach, as the appliance sent it, -> one incident in the shape SOAR platforms ingest
// (reference/soar-conventions.md §3): name, occurred, severity, dbotMirrorId, rawJSON, and the
// instance's incidentType. The source reads only what it needs (pbid and creationTime,
// readBreachKey) and everything else degrades through the shared rules of domain/breach.ts, so a
// System breach, an inline model, a null or a number sent as text (reference/darktrace-api.md
// §5.1) never costs an incident.
import { z } from 'zod';
import { toIso } from '../../clock.js';
import type { ModelBreachQuery } from '../../client/darktrace-client.js';
import type { ReceivedList } from '../../client/received-json.js';
import { breachAiAnalystEventIds } from '../../domain/ai-analyst.js';
import { breachDeviceLabel, breachModelName, breachSeverity, percentScore } from '../../domain/breach.js';
import { isPlainObject, readInteger, readTimeMs } from '../../appliance-values.js';
import type { FetchParams, Incident, IncidentSource, Position, Unusable } from '../source.js';
import { breachFilterRule, modelFilters } from './model-filters.js';

/** What the fetcher needs of a record: its id and its place in the creationTime order. */
export interface BreachKey {
  readonly pbid: number;
  readonly creationTimeMs: number;
}

/**
 * The pbid (a safe integer; "1417" and 1417.0 alike) and creationTime (epoch ms, a numeric string
 * or an appliance date string) of a record, or what makes it unusable. A float or unsafe pbid and
 * a time a Date cannot hold would also make the checkpoint invalid (issue #12, point 4).
 */
export function readBreachKey(record: unknown): BreachKey | Unusable {
  if (!isPlainObject(record))
    return { reason: `the record is ${record === null ? 'null' : Array.isArray(record) ? 'a list' : `a ${typeof record}`}, not an object`, field: '(record)' };
  const pbid = readInteger(record['pbid']);
  if (pbid === undefined) return { reason: describeBad('pbid', record, 'an integer'), field: 'pbid' };
  const creationTimeMs = readTimeMs(record['creationTime']);
  if (creationTimeMs === undefined) return { reason: describeBad('creationTime', record, 'epoch milliseconds or a date'), field: 'creationTime' };
  return { pbid, creationTimeMs };
}

function describeBad(field: string, record: Record<string, unknown>, expected: string): string {
  if (record[field] === undefined) return `${field} is missing`;
  const value = record[field];
  const shown =
    typeof value === 'string'
      ? JSON.stringify(value.slice(0, 40))
      : typeof value === 'number'
        ? String(value)
        : value === null
          ? 'null'
          : `a ${Array.isArray(value) ? 'list' : typeof value}`;
  return `${field} is ${shown}, expected ${expected}`;
}

/** The pbid of a record for messages, when it has anything like one. */
function pbidForMessage(record: unknown): string | undefined {
  const value = isPlainObject(record) ? record['pbid'] : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.length <= 40 ? value : undefined;
}

/**
 * The incident for a record whose key was read. `rawJSON` is the record serialised as received
 * (the caller serialises once, since a record that cannot be serialised is quarantined instead).
 */
export function breachToIncident(record: unknown, key: BreachKey, rawJSON: string): Incident {
  const breach = isPlainObject(record) ? record : {};
  const percent = percentScore(breach);
  const occurredMs = readTimeMs(breach['time']) ?? key.creationTimeMs;
  return {
    name: `Darktrace Model Breach ${key.pbid}: ${breachModelName(breach)} on ${breachDeviceLabel(breach)}${percent === undefined ? '' : ` (score ${percent})`}`,
    occurred: toIso(occurredMs),
    severity: breachSeverity(breach),
    dbotMirrorId: String(key.pbid),
    rawJSON,
  };
}

/**
 * The client method this stream calls (DarktraceClient's; a stand-in may answer with the records
 * already read).
 */
export interface BreachSource {
  modelBreachesReceived(query: ModelBreachQuery, signal?: AbortSignal): Promise<unknown[] | ReceivedList>;
}

// A time a Date can hold (ECMA-262 §21.4.1.1): the checkpoint is printed as ISO-8601 in every cycle line.
const epochMs = z.number().int().nonnegative().max(8.64e15);

const SectionSchema = z.strictObject({
  /**
   * Appliance creationTime (epoch ms) of the newest breach delivered, or the first_fetch instant
   * before anything was. The next query starts at this millisecond, inclusive, minus the overlap.
   */
  creationTimeMs: epochMs,
  /**
   * Breaches delivered whose creationTime is within the overlap window before creationTimeMs
   * (this includes every pbid delivered at creationTimeMs itself). Bounded by time, not count.
   */
  recent: z.array(z.strictObject({ pbid: z.number().int(), creationTimeMs: epochMs })),
  /**
   * The first_fetch setting this section started from (or was last told about), as written in
   * the configuration. Optional: older checkpoints have none. When the setting changes, the fetch
   * says once that the checkpoint wins (issue #15), then records the new value here.
   */
  firstFetch: z.string().max(200).optional(),
});
/** The model-breach section of the checkpoint (version 1's fields). */
export type ModelBreachSection = z.infer<typeof SectionSchema>;

export const modelBreaches: IncidentSource<BreachSource, ModelBreachSection> = {
  name: 'model-breaches',
  label: { one: 'model breach', many: 'model breaches' },
  timeField: 'creationTime',
  // The appliance can make a breach visible after others with a later creationTime were fetched.
  overlapMs: 10 * 60_000,
  readSection(data) {
    const s = SectionSchema.parse(data);
    return {
      timeMs: s.creationTimeMs,
      recent: s.recent.map((d) => ({ key: d.pbid, timeMs: d.creationTimeMs })),
      ...(s.firstFetch === undefined ? {} : { firstFetch: s.firstFetch }),
    };
  },
  writeSection(p: Position): ModelBreachSection {
    return SectionSchema.parse({
      creationTimeMs: p.timeMs,
      recent: p.recent.map((d) => ({ pbid: d.key, creationTimeMs: d.timeMs })),
      ...(p.firstFetch === undefined ? {} : { firstFetch: p.firstFetch }),
    });
  },
  query(client, window, params) {
    // The one line that converts the instance's 0-100 to the API's 0-1 (§6 P5).
    return client.modelBreachesReceived(
      {
        startTime: window.startTime,
        endTime: window.endTime,
        creationTime: true,
        minScore01: params.min_score / 100,
        // Server-side (darktrace-next.md §D.1); the appliance's own default is false too.
        includeAcknowledged: params.include_acknowledged === true,
      },
      window.signal,
    );
  },
  readRef(record) {
    const key = readBreachKey(record);
    return 'reason' in key ? key : { key: key.pbid, timeMs: key.creationTimeMs };
  },
  describeRecord(record) {
    const pbid = pbidForMessage(record);
    return pbid === undefined ? {} : { pbid };
  },
  // min_score (a record the appliance returned anyway), min_priority, categories, model_include,
  // model_exclude: the first rule that leaves the breach out names it (model-filters.ts).
  filteredOut(record, params: FetchParams) {
    return breachFilterRule(record, modelFilters(params)) ?? false;
  },
  checkParams(params) {
    modelFilters(params);
  },
  toIncident(record, ref, rawJSON, params) {
    const base = breachToIncident(record, { pbid: Number(ref.key), creationTimeMs: ref.timeMs }, rawJSON);
    // Cross-link (issue #16): the AI Analyst events that reference this breach (aianalystData, §A.1).
    const eventIds = breachAiAnalystEventIds(record);
    const incident = eventIds.length > 0 ? { ...base, labels: eventIds.map((value) => ({ type: 'Darktrace AI Analyst event', value })) } : base;
    // The instance's incidentType, as XSOAR's integrations declare it (soar-conventions.md §3:
    // `type` is part of the incident; integration.yml's default is "Darktrace Model Breach", issue
    // #16); left out when it resolves to nothing (hand-built params), so the platform classifies.
    return params.incidentType ? { ...incident, type: params.incidentType } : incident;
  },
};
