// The security-validation parameters of seed 001, typed. config/params.ts has already checked each
// value against its manifest `format` (integer bounds, JSON list/object); this module checks what a
// format cannot say (the entries of custom_queries and field_map) and fills the defaults,
// so that a handler or the CLI that holds only a parameter record gets the same settings.
import { ConfigError, type ConfigProblem } from '../errors.js';

export interface NamedQuery {
  readonly name: string;
  readonly query: string;
}

/** Normalized field -> ordered list of source columns; the first column present wins. */
export type FieldMap = Readonly<Record<string, readonly string[]>>;

export interface ValidationSettings {
  readonly useAdvancedSearch: boolean;
  readonly customQueries: readonly NamedQuery[];
  readonly fieldMap: FieldMap;
  /** Minutes looked back from (and ahead of) the action time. */
  readonly queryTimeMin: number;
  /** Minutes every run waits after its window closes. */
  readonly delayMin: number;
  /** Seconds between two runs. */
  readonly queryIntervalSec: number;
  readonly correlationQuery: string;
  readonly correlationEnabled: boolean;
  /** Minutes between two correlation runs. */
  readonly correlationIntervalMin: number;
  readonly discoverDevices: boolean;
  readonly saveSuspiciousEvents: boolean;
  /** Seconds added to every event time (a SIEM whose clock or time zone is off). */
  readonly eventTimeAdjustmentSec: number;
  /** Cap on events and, separately, on alerts for one job or one search. */
  readonly limit: number;
}

export const DEFAULT_SETTINGS: ValidationSettings = {
  useAdvancedSearch: false,
  customQueries: [],
  fieldMap: {},
  queryTimeMin: 5,
  delayMin: 0,
  queryIntervalSec: 30,
  correlationQuery: '',
  correlationEnabled: false,
  correlationIntervalMin: 5,
  discoverDevices: true,
  saveSuspiciousEvents: false,
  eventTimeAdjustmentSec: 0,
  limit: 10_000,
};

export const NORMALIZED_FIELDS = ['time', 'src_ip', 'dest_ip', 'src_host', 'dest_host', 'host', 'user', 'description', 'product', 'event_type'] as const;
export type NormalizedField = (typeof NORMALIZED_FIELDS)[number];

/** Per-run overrides of the schedule (the validate command's arguments, the CLI's flags). */
export interface ScheduleOverrides {
  readonly queryTimeMin?: number | undefined;
  readonly delayMin?: number | undefined;
  readonly queryIntervalSec?: number | undefined;
}

/**
 * Instance parameters (as resolved by config/params.ts) -> settings, with the schedule overrides of
 * one run applied; throws ConfigError listing every bad entry.
 */
export function readValidationSettings(params: Readonly<Record<string, unknown>>, overrides: ScheduleOverrides = {}): ValidationSettings {
  const problems: ConfigProblem[] = [];
  const bool = (name: string, fallback: boolean) => (typeof params[name] === 'boolean' ? (params[name] as boolean) : fallback);
  const int = (name: string, fallback: number) => (typeof params[name] === 'number' ? (params[name] as number) : fallback);
  const d = DEFAULT_SETTINGS;
  return finish(problems, {
    useAdvancedSearch: bool('use_advanced_search', d.useAdvancedSearch),
    customQueries: customQueries(params['custom_queries'], problems),
    fieldMap: fieldMap(params['field_map'], problems),
    queryTimeMin: overrides.queryTimeMin ?? int('query_time', d.queryTimeMin),
    delayMin: overrides.delayMin ?? int('delay_time', d.delayMin),
    queryIntervalSec: overrides.queryIntervalSec ?? int('query_interval', d.queryIntervalSec),
    correlationQuery: typeof params['correlation_query'] === 'string' ? params['correlation_query'] : d.correlationQuery,
    correlationEnabled: bool('correlation_enabled', d.correlationEnabled),
    correlationIntervalMin: int('correlation_interval', d.correlationIntervalMin),
    discoverDevices: bool('discover_devices', d.discoverDevices),
    saveSuspiciousEvents: bool('save_suspicious_events', d.saveSuspiciousEvents),
    eventTimeAdjustmentSec: int('event_time_adjustment', d.eventTimeAdjustmentSec),
    limit: int('limit', d.limit),
  });
}

function finish(problems: ConfigProblem[], settings: ValidationSettings): ValidationSettings {
  if (settings.correlationEnabled && settings.correlationQuery.trim() === '') {
    problems.push({ parameter: 'correlation_query', message: 'required when correlation_enabled is true' });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

function customQueries(value: unknown, problems: ConfigProblem[]): NamedQuery[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push({ parameter: 'custom_queries', message: 'expected a JSON list of {"name": ..., "query": ...}' });
    return [];
  }
  const out: NamedQuery[] = [];
  value.forEach((entry: unknown, i) => {
    const e = entry as { name?: unknown; query?: unknown } | null;
    if (typeof e !== 'object' || e === null || typeof e.name !== 'string' || typeof e.query !== 'string' || e.query.trim() === '') {
      problems.push({ parameter: 'custom_queries', message: `entry ${i + 1}: expected {"name": "<text>", "query": "<search>"}` });
    } else out.push({ name: e.name, query: e.query });
  });
  return out;
}

function fieldMap(value: unknown, problems: ConfigProblem[]): FieldMap {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ parameter: 'field_map', message: 'expected a JSON object of field -> list of columns' });
    return {};
  }
  const out: Record<string, string[]> = {};
  for (const [field, columns] of Object.entries(value)) {
    if (!(NORMALIZED_FIELDS as readonly string[]).includes(field)) {
      problems.push({ parameter: 'field_map', message: `unknown field ${JSON.stringify(field)}; fields are ${NORMALIZED_FIELDS.join(', ')}` });
    } else if (typeof columns === 'string') {
      out[field] = [columns];
    } else if (Array.isArray(columns) && columns.every((c) => typeof c === 'string')) {
      out[field] = columns as string[];
    } else {
      problems.push({ parameter: 'field_map', message: `${field}: expected a list of column names` });
    }
  }
  return out;
}
