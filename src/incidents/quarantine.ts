// Records the fetcher cannot deliver (no usable key or time, or a value that cannot be
// serialised or would make the checkpoint invalid) are never dropped: they go, with the reason and
// the field to blame, to a quarantine file beside the checkpoint, one JSON line each, fsynced
// before the checkpoint that passes them is written (issue #11; reference/darktrace-api.md §5.1).
// The appliance keeps answering such a record for every window that covers it, so each line
// carries a hash of the record and a record already in the file is not written again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { localFileError, writeSynced } from './file-errors.js';

export interface QuarantinedRecord {
  /** The stream the record came from: its source's name ("model-breaches"). */
  readonly stream?: string;
  readonly reason: string;
  /** The field to blame (model breaches: pbid, creationTime), or "(record)" when the whole record is the problem. */
  readonly field: string;
  /** A model breach's pbid as sent, when it had one worth naming (sources/model-breaches.ts). */
  readonly pbid?: string;
  /** The record's id as sent, for streams keyed by an id, when it had one worth naming. */
  readonly id?: string;
  /** The record as received, or a safe truncated form when it cannot be serialised. */
  readonly record: unknown;
}

/** Nesting deeper than this is cut in the quarantined copy of a record that cannot be serialised. */
const SAFE_DEPTH = 32;
const SAFE_KEYS = 1_000;

/** JSON of a value, or undefined when JSON.stringify throws (deep nesting overflows its stack, BigInt, cycles). */
export function trySerialise(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    // The caller quarantines the record with its safe form; the reason is the thrown RangeError/TypeError's kind.
    return undefined;
  }
}

/** A copy of `value` cut at SAFE_DEPTH levels and SAFE_KEYS entries per level, always serialisable. */
export function safeForm(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? String(value) : value;
  if (depth >= SAFE_DEPTH) return `[truncated: nested deeper than ${SAFE_DEPTH} levels]`;
  if (Array.isArray(value)) return value.slice(0, SAFE_KEYS).map((v) => safeForm(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .slice(0, SAFE_KEYS)
      .map(([k, v]) => [k, safeForm(v, depth + 1)]),
  );
}

function lineKey(recordJson: string): string {
  return createHash('sha256').update(recordJson).digest('hex').slice(0, 32);
}

/** The record keys already in a quarantine file (empty when it does not exist yet). */
export function readQuarantineKeys(path: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw localFileError('read the quarantine file', path, err);
  }
  const keys = new Set<string>();
  for (const line of text.split('\n')) {
    const key = /"key":"([0-9a-f]{32})"/.exec(line)?.[1];
    if (key) keys.add(key);
  }
  return keys;
}

/**
 * Appends the records not yet in the file (by `known`, which is updated) and fsyncs; returns the
 * ones written. Throws a DeliveryError naming the file when it cannot be written.
 */
export function appendQuarantine(path: string, entries: readonly QuarantinedRecord[], known: Set<string>, nowIso: string): QuarantinedRecord[] {
  const written: QuarantinedRecord[] = [];
  let text = '';
  for (const entry of entries) {
    const recordJson = trySerialise(entry.record) ?? JSON.stringify(safeForm(entry.record));
    const key = lineKey(recordJson);
    if (known.has(key)) continue;
    known.add(key);
    written.push(entry);
    const head = JSON.stringify({
      quarantinedAt: nowIso,
      ...(entry.stream !== undefined ? { stream: entry.stream } : {}),
      reason: entry.reason,
      field: entry.field,
      ...(entry.pbid !== undefined ? { pbid: entry.pbid } : {}),
      ...(entry.id !== undefined ? { id: entry.id } : {}),
      key,
    });
    text += `${head.slice(0, -1)},"record":${recordJson}}\n`;
  }
  if (!text) return written;
  try {
    writeSynced(path, 'a', text);
  } catch (err) {
    for (const entry of written) known.delete(lineKey(trySerialise(entry.record) ?? JSON.stringify(safeForm(entry.record))));
    throw localFileError('write the quarantine file', path, err, 'delivery');
  }
  return written;
}
