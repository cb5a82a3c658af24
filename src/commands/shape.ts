// Shaping shared by the Admin command handlers: epoch-ms fields to the ISO strings the seed's
// context examples show, the explicit "nothing found" answer, and the cell formats for device
// fields that appear in several commands (ips lists, credentials).
import type { UnreadableRecord } from '../client/parse.js';
import { toIso } from '../clock.js';
import { formatMinute, formatTruncated, formatWithTime, renderNote, textCell, type CellFormatter } from '../render/markdown.js';
import type { CommandResult } from './define-command.js';

/** Items shown in one cell before "… (+N more)"; the context keeps them all. */
const MAX_ITEMS_IN_CELL = 5;

/**
 * A copy of `record` with each listed epoch-ms field as ISO-8601. Like XA's timestamp_to_datestring,
 * only truthy numbers convert: 0 means "unknown" to the appliance and stays as it is.
 */
export function withIsoTimes<T extends Record<string, unknown>>(record: T, keys: readonly string[]): T {
  const out: Record<string, unknown> = { ...record };
  for (const key of keys) {
    const value = out[key];
    if (typeof value === 'number' && value !== 0) out[key] = toIso(value);
  }
  return out as T;
}

/** An empty answer: an explicit line under the title, no context (a playbook sees "no data"). */
export function emptyResult(title: string, text: string, raw: unknown): CommandResult {
  return { outputs: {}, readable: renderNote(title, text), raw };
}

function records(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : [];
}

function epochMs(value: unknown): number | undefined {
  if (typeof value === 'number' && value > 0) return value;
  if (typeof value === 'string' && value !== '') {
    const parsed = Date.parse(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** `[{ip, timems}]` (or firsttime, or an ISO time) -> `172.31.32.146 (2020-09-14 06:00), …`. */
export const ipsCell: CellFormatter = textCell((value) =>
  formatTruncated(
    records(value).map((r) => formatWithTime(String(r['ip'] ?? ''), epochMs(r['timems'] ?? r['firsttime'] ?? r['time']))),
    MAX_ITEMS_IN_CELL,
  ),
);

/** `[{credential, lastSeen}]` -> `ec2amaz\administrator (2023-01-19 11:47), …`. */
export const credentialsCell: CellFormatter = textCell((value) =>
  formatTruncated(
    // §5.1: a credential may be a plain string instead of {credential, lastSeen}.
    (Array.isArray(value) ? value.map((c: unknown) => (typeof c === 'string' ? { credential: c } : c)) : [])
      .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
      .map((r) => formatWithTime(String(r['credential'] ?? ''), epochMs(r['lastSeen']))),
    MAX_ITEMS_IN_CELL,
  ),
);

/** A list of strings, truncated with a count. */
export const listCell: CellFormatter = textCell((value) =>
  formatTruncated(Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)], MAX_ITEMS_IN_CELL),
);

/** An ISO string or epoch ms -> `YYYY-MM-DD HH:MM`; empty when unknown. */
export const minuteCell: CellFormatter = textCell((value) => {
  const ms = epochMs(value);
  return ms === undefined ? '' : formatMinute(ms);
});

/**
 * "1 record could not be read: …" under its own heading, naming each record by position and the
 * field that failed (never its value); undefined when every record was read. The records stay in raw.
 */
export function unreadableNote(what: string, unreadable: readonly UnreadableRecord[]): string | undefined {
  if (unreadable.length === 0) return undefined;
  const n = unreadable.length;
  const reasons = unreadable.map((u) => `#${u.index + 1} ${u.reason}`).join('; ');
  return renderNote(`Unreadable ${what}`, `${n} record${n === 1 ? '' : 's'} could not be read (kept in the raw answer): ${reasons}`);
}
