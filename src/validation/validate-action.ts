// The validation job of seed 001: after a test action at t, run the action's queries over the
// sliding windows of window.ts, collect events and alerts about the hosts (deduplicated across the
// overlapping windows, capped by `limit`), run the correlation query on its own interval over the
// same span, and decide pass (something about the hosts was seen) or fail. Time is injected: the
// job reads a Clock and calls `wait(untilMs)` before a run that is not due yet, so a test (or the
// CLI's --now) can advance a manual clock instead of sleeping.
import type { Device } from '../client/schemas.js';
import type { Clock } from '../clock.js';
import { ArgumentError } from '../errors.js';
import {
  collectWindow,
  EventSet,
  newCollection,
  resolveDevices,
  searchHits,
  type CollectContext,
  type CollectedEvent,
  type ValidationClient,
} from './collect.js';
import { mergeFieldMap, normalizeHit, SEARCH_FIELD_MAP } from './field-map.js';
import { actionQueries, checkMacroValues, expandQuery, type MacroValues } from './query-macros.js';
import type { NamedQuery, ValidationSettings } from './settings.js';
import { windowSchedule, type QueryWindow } from './window.js';

export interface ValidationJob {
  readonly settings: ValidationSettings;
  readonly values: MacroValues;
  /** Epoch ms the test action started. */
  readonly actionTimeMs: number;
  /** Replaces the default and custom queries (macros are expanded in it). */
  readonly query?: string;
  /** Who runs the job, for error messages (a command name or "validate"). */
  readonly context?: string;
}

export interface ValidationDeps {
  readonly client: ValidationClient;
  readonly clock: Clock;
  /** Resolves once `untilMs` has come (a real sleep, or a manual clock moved forward). */
  wait(untilMs: number): Promise<void>;
}

export interface ValidationResult {
  readonly verdict: 'pass' | 'fail';
  readonly actionTime: number;
  readonly ips: readonly string[];
  readonly hostnames: readonly string[];
  readonly path: 'advanced search' | 'devices and details';
  readonly queries: readonly NamedQuery[];
  readonly windows: readonly QueryWindow[];
  readonly devices: readonly Device[];
  readonly events: readonly CollectedEvent[];
  readonly alerts: readonly CollectedEvent[];
  readonly suspicious: readonly CollectedEvent[];
  readonly correlation: readonly CollectedEvent[];
  readonly correlationRuns: readonly QueryWindow[];
}

type Run = { readonly kind: 'collect' | 'correlate'; readonly window: QueryWindow };

/** Runs the whole schedule; throws ArgumentError when no host is given or a value is hostile. */
export async function runValidation(job: ValidationJob, deps: ValidationDeps): Promise<ValidationResult> {
  const context = job.context ?? 'the validation job';
  const values = checkMacroValues(job.values, context);
  if (values.ips.length === 0 && values.hostnames.length === 0) {
    throw new ArgumentError('ips', context, 'give at least one IP address or host name to validate');
  }
  const s = job.settings;
  const useSearch = s.useAdvancedSearch || job.query !== undefined;
  const queries = useSearch ? actionQueries(s.customQueries, values, job.query) : [];
  const windows = windowSchedule({ actionTimeMs: job.actionTimeMs, queryTimeMin: s.queryTimeMin, delayMin: s.delayMin, intervalSec: s.queryIntervalSec });
  const correlationQuery = s.correlationEnabled ? expandQuery(s.correlationQuery, values) : undefined;
  const correlationRuns =
    correlationQuery === undefined
      ? []
      : windowSchedule({ actionTimeMs: job.actionTimeMs, queryTimeMin: s.queryTimeMin, delayMin: s.delayMin, intervalSec: s.correlationIntervalMin * 60 });
  // A collection run and a correlation run due at the same moment: collection first.
  const runs: Run[] = [
    ...windows.map((window) => ({ kind: 'collect' as const, window })),
    ...correlationRuns.map((window) => ({ kind: 'correlate' as const, window })),
  ];
  runs.sort((a, b) => a.window.runAt - b.window.runAt || (a.kind === b.kind ? 0 : a.kind === 'collect' ? -1 : 1));

  const collection = newCollection(s.limit);
  const correlation = new EventSet(s.limit);
  const searchMap = mergeFieldMap(SEARCH_FIELD_MAP, s.fieldMap);
  let ctx: CollectContext | undefined;
  for (const run of runs) {
    if (deps.clock.now() < run.window.runAt) await deps.wait(run.window.runAt);
    // Devices are looked up when the first run is due, not at the action: a host the action
    // brought up may be new to the appliance.
    ctx ??= { client: deps.client, settings: s, values, queries, devices: await resolveDevices(deps.client, values) };
    if (run.kind === 'collect') {
      await collectWindow(ctx, run.window, collection);
    } else if (correlationQuery !== undefined && !correlation.full) {
      for (const hit of await searchHits(deps.client, correlationQuery, run.window, s.limit)) {
        const event = normalizeHit(hit, searchMap, { timeAdjustmentSec: s.eventTimeAdjustmentSec });
        correlation.add({ ...event, id: `hit:${String(hit['_id'] ?? JSON.stringify(hit))}`, matched_by: 'correlation' });
      }
    }
  }
  const events = collection.events.values();
  const alerts = collection.alerts.values();
  return {
    verdict: events.length + alerts.length > 0 ? 'pass' : 'fail',
    actionTime: job.actionTimeMs,
    ips: values.ips,
    hostnames: values.hostnames,
    path: useSearch ? 'advanced search' : 'devices and details',
    queries,
    windows,
    devices: ctx?.devices ?? [],
    events,
    alerts,
    suspicious: collection.suspicious.values(),
    correlation: correlation.values(),
    correlationRuns,
  };
}

/** Sleeps until `untilMs` on the given clock (setTimeout; never used by tests). */
export function sleepUntil(clock: Clock): (untilMs: number) => Promise<void> {
  return (untilMs) => new Promise((resolve) => setTimeout(resolve, Math.max(0, untilMs - clock.now())));
}

/** Moves a manual clock to `untilMs` at once: the job's time passes without waiting. */
export function advanceTo(clock: { set(epochMs: number): void; now(): number }): (untilMs: number) => Promise<void> {
  return (untilMs) => {
    if (untilMs > clock.now()) clock.set(untilMs);
    return Promise.resolve();
  };
}
