// One model breach, as the appliance sent it, -> one incident in the shape SOAR platforms ingest
// (reference/soar-conventions.md §3): name, occurred, severity, dbotMirrorId, rawJSON. The fetcher
// reads only what it needs (pbid and creationTime, readBreachKey) and everything else degrades
// through the shared rules of domain/breach.ts, so a System breach, an inline model, a null or a
// number sent as text (reference/darktrace-api.md §5.1) never costs an incident.
import { toIso } from '../clock.js';
import { breachDeviceLabel, breachModelName, breachSeverity, percentScore, type Severity } from '../domain/breach.js';
import { isPlainObject, readInteger, readTimeMs } from '../appliance-values.js';

export interface Incident {
  readonly name: string;
  /** ISO-8601 UTC of the breach's `time` (when the activity began), else of its creationTime. */
  readonly occurred: string;
  readonly severity: Severity;
  /** String(pbid): the stable dedupe key. */
  readonly dbotMirrorId: string;
  /** The breach as the appliance sent it, JSON. */
  readonly rawJSON: string;
  /** The instance's incidentType parameter, when set. */
  readonly type?: string;
}

/** What the fetcher needs of a record: its id and its place in the creationTime order. */
export interface BreachKey {
  readonly pbid: number;
  readonly creationTimeMs: number;
}

/** Why a record cannot be delivered, and the field to blame (for the log and the quarantine line). */
export interface Unusable {
  readonly reason: string;
  readonly field: string;
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
export function pbidForMessage(record: unknown): string | undefined {
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
