// Rules about Cyber AI Analyst events and incidents shared by the AI Analyst commands and the AI
// Analyst incident stream, so that a war-room answer and a fetched incident never disagree
// (reference/darktrace-next.md §A). Pure: every function reads the record as received (any shape of
// §A.4: a summary string or template object, string scores, nulls) and degrades, never throws.
import { isPlainObject, readInteger, readNumber, readText } from '../appliance-values.js';
import { categorySeverity, modelCategory, type ModelCategory, type Severity } from './breach.js';

/**
 * The summary as text. A string is returned as sent; a template object
 * `{valueType: 'formatString', value: 'The actor {} … {}', replacements: [...]}` has each `{}`
 * replaced, left to right, by its replacement rendered the same way (formatString nests; username
 * and string are text; externalHost and device objects by name and IP). A replacement with no `{}`
 * left is appended in parentheses, so no actor, host or IP is ever lost (XSOAR's DarktraceAIA keeps
 * only the outer `value` and drops them). '' when there is no usable summary.
 */
export function renderAiaSummary(summary: unknown): string {
  return renderTemplateValue(summary, 0).trim();
}

const MAX_TEMPLATE_DEPTH = 8;

function renderTemplateValue(value: unknown, depth: number): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isPlainObject(value) || depth > MAX_TEMPLATE_DEPTH) return '';
  if ('valueType' in value) {
    const type = readText(value['valueType']);
    const inner = value['value'];
    if (type === 'formatString' && typeof inner === 'string') {
      const parts = Array.isArray(value['replacements']) ? value['replacements'].map((r) => renderTemplateValue(r, depth + 1)) : [];
      let i = 0;
      const text = inner.replace(/\{\}/g, () => (i < parts.length ? parts[i++]! : '{}'));
      const rest = parts.slice(i).filter((p) => p !== '');
      return rest.length > 0 ? `${text} (${rest.join(', ')})` : text;
    }
    return renderTemplateValue(inner, depth + 1);
  }
  return hostLabel(value) ?? '';
}

/** A device or external host object: "hostname (ip)", or whichever of name, identifier, IP it has. */
function hostLabel(o: Record<string, unknown>): string | undefined {
  const name = readText(o['hostname']) ?? readText(o['identifier']);
  const ip = readText(o['ip']);
  if (name !== undefined && ip !== undefined && name !== ip) return `${name} (${ip})`;
  const did = readInteger(o['did']);
  return name ?? ip ?? (did === undefined ? undefined : `device ${did}`);
}

/**
 * The incident's category (the event's `groupCategory`, else its own `category`, else a group's
 * `category`): critical, suspicious, compliance or informational, read as whole words in any case.
 */
export function aiaCategory(record: unknown): ModelCategory | undefined {
  if (!isPlainObject(record)) return undefined;
  return modelCategory({ category: record['groupCategory'] }) ?? modelCategory({ category: record['category'] });
}

/** Severity from the incident category (the same table as model breaches: one instance, one scale); unknown is 3, high. */
export function aiaSeverity(record: unknown): Severity {
  const category = aiaCategory(record);
  // An incident Cyber AI Analyst raised without a category we know is still worth a look: high, not low.
  return category === undefined ? 3 : categorySeverity(category);
}

function score100(value: unknown): number | undefined {
  const n = readNumber(value);
  return n === undefined || n < 0 || n > 100 ? undefined : n;
}

/** The event's own score, 0-100 (`aiaScore`; 94, 52.0 and "64" alike); undefined when unusable. */
export function aiaEventScore(event: unknown): number | undefined {
  return isPlainObject(event) ? score100(event['aiaScore']) : undefined;
}

/** The incident's score, 0-100 (`groupScore`, also sent as a string), rounded to one decimal. */
export function aiaGroupScore(record: unknown): number | undefined {
  const n = isPlainObject(record) ? score100(record['groupScore']) : undefined;
  return n === undefined ? undefined : Math.round(n * 10) / 10;
}

/** The pbids of the model breaches behind an event (`relatedBreaches[].pbid`), unique, in order. */
export function aiaRelatedPbids(event: unknown): number[] {
  const related = isPlainObject(event) ? event['relatedBreaches'] : undefined;
  if (!Array.isArray(related)) return [];
  const pbids = related.map((b) => (isPlainObject(b) ? readInteger(b['pbid']) : undefined)).filter((p): p is number => p !== undefined && p > 0);
  return [...new Set(pbids)];
}

/**
 * What the event is about: its first breach device ("hostname", else identifier, IP or "device
 * <did>"), "+ N more" when there are several; for an email-sourced event (no devices, §A.1) the
 * sender; else "unknown device".
 */
export function aiaSubjectLabel(event: unknown): string {
  if (!isPlainObject(event)) return 'unknown device';
  const devices = Array.isArray(event['breachDevices']) ? event['breachDevices'].filter(isPlainObject) : [];
  const labels = devices
    .map((d) => readText(d['hostname']) ?? readText(d['identifier']) ?? readText(d['ip']) ?? deviceId(d))
    .filter((l): l is string => l !== undefined);
  if (labels.length > 0) return labels.length === 1 ? labels[0]! : `${labels[0]!} (+${labels.length - 1} more)`;
  return readText(event['sender']) ?? 'unknown device';
}

function deviceId(d: Record<string, unknown>): string | undefined {
  const did = readInteger(d['did']);
  return did === undefined ? undefined : `device ${did}`;
}

/** The Threat Visualizer link of an event (`/#aiaincidentevent/<id>`, §A.1 Links). */
export function aiaEventLink(baseUrl: string, eventId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/#aiaincidentevent/${eventId}`;
}

/** The Threat Visualizer link of an incident (`/#aiagroup/<group id>`, as XSOAR and Splunk build it). */
export function aiaGroupLink(baseUrl: string, groupId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/#aiagroup/${groupId}`;
}

/**
 * The AI Analyst event ids a model breach points at (`aianalystData[].uuid`, §A.1 Breach link),
 * unique, in order; [] when the breach has none.
 */
export function breachAiAnalystEventIds(breach: unknown): string[] {
  const data = isPlainObject(breach) ? breach['aianalystData'] : undefined;
  if (!Array.isArray(data)) return [];
  return [...new Set(data.map((d) => (isPlainObject(d) ? readText(d['uuid']) : undefined)).filter((u): u is string => u !== undefined))];
}
