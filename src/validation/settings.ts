// The security-validation parameters of seed 001 as the job's settings. config/params.ts has
// already coerced each value to its manifest `format` (integer bounds, JSON list/object) and
// applied the manifest's defaults, the only place defaults are declared; this module checks what a
// format cannot say (the entries of custom_queries and field_map, correlation's query when it is on).
import { ConfigError, type ConfigProblem } from '../errors.js';
import type { Params } from '../manifest/params.generated.js';

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

export const NORMALIZED_FIELDS = ['time', 'src_ip', 'dest_ip', 'src_host', 'dest_host', 'host', 'user', 'description', 'product', 'event_type'] as const;
export type NormalizedField = (typeof NORMALIZED_FIELDS)[number];

/** Per-run overrides of the schedule (the validate command's arguments, the CLI's flags). */
export interface ScheduleOverrides {
  readonly queryTimeMin?: number | undefined;
  readonly delayMin?: number | undefined;
  readonly queryIntervalSec?: number | undefined;
}

/** The instance parameters security validation reads (integration.yml, section Validate). */
export type ValidationParams = Pick<
  Params,
  | 'use_advanced_search'
  | 'custom_queries'
  | 'field_map'
  | 'query_time'
  | 'delay_time'
  | 'query_interval'
  | 'correlation_query'
  | 'correlation_enabled'
  | 'correlation_interval'
  | 'discover_devices'
  | 'save_suspicious_events'
  | 'event_time_adjustment'
  | 'limit'
>;

/**
 * Instance parameters (coerced, defaults applied, by config/params.ts) -> settings, with the
 * schedule overrides of one run applied; throws ConfigError listing every bad entry.
 */
export function readValidationSettings(params: ValidationParams, overrides: ScheduleOverrides = {}): ValidationSettings {
  const problems: ConfigProblem[] = [];
  return finish(problems, {
    useAdvancedSearch: params.use_advanced_search,
    customQueries: customQueries(params.custom_queries, problems),
    fieldMap: fieldMap(params.field_map, problems),
    queryTimeMin: overrides.queryTimeMin ?? params.query_time,
    delayMin: overrides.delayMin ?? params.delay_time,
    queryIntervalSec: overrides.queryIntervalSec ?? params.query_interval,
    correlationQuery: params.correlation_query,
    correlationEnabled: params.correlation_enabled,
    correlationIntervalMin: params.correlation_interval,
    discoverDevices: params.discover_devices,
    saveSuspiciousEvents: params.save_suspicious_events,
    eventTimeAdjustmentSec: params.event_time_adjustment,
    limit: params.limit,
  });
}

function finish(problems: ConfigProblem[], settings: ValidationSettings): ValidationSettings {
  if (settings.correlationEnabled && settings.correlationQuery.trim() === '') {
    problems.push({ parameter: 'correlation_query', message: 'required when correlation_enabled is true' });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

function customQueries(value: readonly unknown[], problems: ConfigProblem[]): NamedQuery[] {
  const out: NamedQuery[] = [];
  value.forEach((entry: unknown, i) => {
    const e = entry as { name?: unknown; query?: unknown } | null;
    if (typeof e !== 'object' || e === null || typeof e.name !== 'string' || typeof e.query !== 'string' || e.query.trim() === '') {
      problems.push({ parameter: 'custom_queries', message: `entry ${i + 1}: expected {"name": "<text>", "query": "<search>"}` });
    } else out.push({ name: e.name, query: e.query });
  });
  return out;
}

function fieldMap(value: Readonly<Record<string, unknown>>, problems: ConfigProblem[]): FieldMap {
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
