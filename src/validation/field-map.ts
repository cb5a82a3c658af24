// Translates what Darktrace returns into the one normalized event of seed 001 through a field map
// (normalized field -> ordered source columns, the first column present wins). A column is a key of
// the record or a dotted path into it (`sourceDevice.hostname`); a column that never exists leaves
// the field empty, because a map written for one SIEM layout must not fail on another.
import { toIso } from '../clock.js';
import { parseIsoDateTime } from '../relative-time.js';
import { readText } from '../appliance-values.js';
import { breachModel } from '../domain/breach.js';
import { NORMALIZED_FIELDS, type FieldMap, type NormalizedField } from './settings.js';

export type NormalizedEvent = { readonly [K in NormalizedField]: string } & { readonly raw: unknown };

/** /details events (darktrace-api.md §4.18): connections, notices, breach records. */
export const DETAILS_FIELD_MAP: FieldMap = {
  time: ['timems', 'time'],
  src_ip: ['sourceDevice.ip', 'sourceIP'],
  dest_ip: ['destinationDevice.ip', 'destinationIP'],
  src_host: ['sourceDevice.hostname', 'source'],
  dest_host: ['destinationDevice.hostname', 'destination'],
  host: ['sourceDevice.hostname', 'source'],
  user: ['username', 'user'],
  description: ['msg', 'name', 'action'],
  product: ['product'],
  event_type: ['eventType', 'action'],
};

/** Advanced-search hits (§4.21): the columns are the keys of `_source.@fields` and `_source.@*`. */
export const SEARCH_FIELD_MAP: FieldMap = {
  time: ['epochdate', '@timestamp'],
  src_ip: ['source_ip', 'src_ip', 'id.orig_h'],
  dest_ip: ['dest_ip', 'destination_ip', 'id.resp_h'],
  src_host: ['source_host', 'src_host'],
  dest_host: ['server_name', 'dest_host', 'query'],
  host: ['host', 'hostname'],
  user: ['user', 'username'],
  description: ['@message', 'msg'],
  product: ['product'],
  event_type: ['@type'],
};

/** Model breaches (§5); not overridable, the issue fixes description and event_type for alerts. */
const ALERT_FIELD_MAP: FieldMap = {
  time: ['time', 'creationTime'],
  src_ip: ['device.ip'],
  dest_ip: [],
  src_host: ['device.hostname'],
  dest_host: [],
  host: ['device.hostname'],
  user: [],
  // The model's name, by the breach rule (model.then, an inline model, model.now): normalizeAlert.
  description: [],
  product: [],
  event_type: [],
};

export interface NormalizeOptions {
  /** Seconds added to the event time. */
  readonly timeAdjustmentSec?: number;
  /** The device's type/vendor (discover_devices); wins over a mapped product column. */
  readonly product?: string;
}

/** The defaults with each field named in `custom` replaced by the custom column list. */
export function mergeFieldMap(defaults: FieldMap, custom: FieldMap): FieldMap {
  return { ...defaults, ...custom };
}

export function normalizeEvent(record: Readonly<Record<string, unknown>>, map: FieldMap, options: NormalizeOptions = {}): NormalizedEvent {
  const out: Record<string, unknown> = {};
  for (const field of NORMALIZED_FIELDS) out[field] = text(firstPresent(record, map[field] ?? []));
  out['time'] = eventTime(firstPresent(record, map['time'] ?? []), options.timeAdjustmentSec ?? 0);
  if (options.product) out['product'] = options.product;
  out['raw'] = record;
  return out as NormalizedEvent;
}

/** An advanced-search hit: `_source.@fields` flattened beside `@type`, `@timestamp`, `@message`, `_id`. */
export function normalizeHit(hit: Readonly<Record<string, unknown>>, map: FieldMap, options: NormalizeOptions = {}): NormalizedEvent {
  const source = (hit['_source'] ?? {}) as Record<string, unknown>;
  const fields = (source['@fields'] ?? {}) as Record<string, unknown>;
  const flat: Record<string, unknown> = { ...hit, ...source, ...fields };
  delete flat['_source'];
  delete flat['@fields'];
  return { ...normalizeEvent(flat, map, options), raw: hit };
}

export function normalizeAlert(breach: Readonly<Record<string, unknown>>, options: NormalizeOptions = {}): NormalizedEvent {
  const description = readText(breachModel(breach)?.['name']) ?? '';
  return { ...normalizeEvent(breach, ALERT_FIELD_MAP, options), description, event_type: 'alert' };
}

/** "Laptop (Apple, Inc.)" from a device's typelabel/typename and vendor; '' when neither is known. */
export function deviceProduct(device: Readonly<Record<string, unknown>> | undefined): string {
  if (!device) return '';
  const type = text(device['typelabel'] ?? device['typename']);
  const vendor = text(device['vendor']);
  return type && vendor ? `${type} (${vendor})` : type || vendor;
}

function lookup(record: Readonly<Record<string, unknown>>, column: string): unknown {
  if (column in record) return record[column];
  let current: unknown = record;
  for (const part of column.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function firstPresent(record: Readonly<Record<string, unknown>>, columns: readonly string[]): unknown {
  for (const column of columns) {
    const value = lookup(record, column);
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(text).join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// Numbers below 1e11 are epoch seconds (advanced search's `epochdate` carries a fraction); larger
// ones are epoch ms (`timems`). Strings are ISO-8601 or the appliance's "YYYY-MM-DD HH:MM:SS" (UTC).
function eventTime(value: unknown, adjustmentSec: number): string {
  const numeric = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
  const ms = numeric !== undefined ? (numeric < 1e11 ? Math.round(numeric * 1000) : numeric) : typeof value === 'string' ? parseIsoDateTime(value) : undefined;
  if (ms === undefined || !Number.isFinite(ms)) return text(value);
  return toIso(ms + adjustmentSec * 1000);
}
