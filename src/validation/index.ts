// The one door to security validation (STYLE.md §1): darktrace-search-events,
// darktrace-get-device-events, darktrace-validate-action and the CLI's `validate` call these and
// nothing behind them, so the job's set-up (settings from the instance parameters, checked host
// values, the action's queries, the devices, the field map) is written once, here. How results
// read (markdown, context) is report.ts's, passed through.
import type { UnreadableRecord } from '../client/parse.js';
import { ConfigError } from '../errors.js';
import { collectWindow, newCollection, resolveDevices, type CollectedEvent, type TimeRange, type ValidationClient } from './collect.js';
import { deviceProduct, DETAILS_FIELD_MAP, mergeFieldMap, normalizeEvent, type NormalizedEvent } from './field-map.js';
import { actionQueries, checkMacroValues } from './query-macros.js';
import { readValidationSettings, type NamedQuery, type ScheduleOverrides, type ValidationParams, type ValidationSettings } from './settings.js';
import { runValidation, type ValidationDeps, type ValidationResult } from './validate-action.js';
import { windowSchedule } from './window.js';

export { eventRow, renderEvents, renderValidationResult, validationOutputs } from './report.js';
export { advanceTo, sleepUntil } from './validate-action.js';

/** The settings of one run; ConfigError when there are no instance parameters or one is bad. */
function settingsOf(params: ValidationParams | undefined, overrides?: ScheduleOverrides): ValidationSettings {
  if (params === undefined) {
    throw new ConfigError([{ parameter: 'params', message: 'security validation reads the instance parameters; none were given' }]);
  }
  return readValidationSettings(params, overrides);
}

/** Which hosts, and who asks (a command name or "validate", for error messages). */
export interface HostsRequest {
  readonly ips: readonly string[];
  readonly hostnames: readonly string[];
  /** Replaces the default and custom queries (macros are expanded in it). */
  readonly query?: string | undefined;
  readonly context: string;
}

export interface HostEvents {
  /** The searches sent, empty on the devices-and-details path. */
  readonly queries: readonly NamedQuery[];
  readonly events: readonly CollectedEvent[];
  readonly alerts: readonly CollectedEvent[];
}

/**
 * Events and alerts about hosts in one time range (darktrace-search-events), by advanced search or
 * by devices and details as the instance says. `limit` replaces the instance's for this search.
 */
export async function collectForHosts(
  client: ValidationClient,
  params: ValidationParams | undefined,
  request: HostsRequest & { readonly range: TimeRange; readonly limit?: number | undefined },
): Promise<HostEvents> {
  const configured = settingsOf(params);
  const settings = { ...configured, limit: request.limit ?? configured.limit };
  const values = checkMacroValues({ ips: request.ips, hostnames: request.hostnames }, request.context);
  const useSearch = settings.useAdvancedSearch || request.query !== undefined;
  const queries = useSearch ? actionQueries(settings.customQueries, values, request.query) : [];
  const devices = await resolveDevices(client, values);
  const collection = newCollection(settings.limit);
  await collectWindow({ client, settings, values, queries, devices }, request.range, collection);
  return { queries, events: collection.events.values(), alerts: collection.alerts.values() };
}

export interface DeviceEvents {
  /** Undefined when no device matched, or it has no did (§5.1: the appliance's test records). */
  readonly did?: number;
  /** Normalized with the instance's field map, at most the instance's `limit`. */
  readonly events: readonly NormalizedEvent[];
  readonly unreadable: readonly UnreadableRecord[];
  /** /details as received. */
  readonly received: unknown;
}

/** One device's events (darktrace-get-device-events): the device by did or IP, then /details in the range. */
export async function collectDeviceEvents(
  client: ValidationClient,
  params: ValidationParams | undefined,
  request: { readonly device: { readonly did: number } | { readonly ip: string }; readonly range: TimeRange; readonly eventType?: string | undefined },
): Promise<DeviceEvents> {
  const settings = settingsOf(params);
  const [device] = await client.devices(request.device);
  if (device?.did === undefined) return { events: [], unreadable: [], received: [] };
  const did = device.did;
  const { items, unreadable, received } = await client.details({
    did,
    startTime: request.range.from,
    endTime: request.range.to,
    ...(request.eventType ? { eventType: request.eventType } : {}),
  });
  const map = mergeFieldMap(DETAILS_FIELD_MAP, settings.fieldMap);
  const product = settings.discoverDevices ? deviceProduct(device) : '';
  // /details takes no count with a time window (darktrace-api.md §4.18): the limit is applied here.
  const events = items
    .slice(0, settings.limit)
    .map((e) => normalizeEvent(e, map, { timeAdjustmentSec: settings.eventTimeAdjustmentSec, ...(product ? { product } : {}) }));
  return { did, events, unreadable, received };
}

/** A validation job, checked and scheduled but not started. */
export interface ValidationPlan {
  /** When each collection run is due (epoch ms), for a progress line. */
  readonly runAts: readonly number[];
  /** Runs the whole schedule; the verdict is in the result (a fail is no error). */
  run(deps: ValidationDeps): Promise<ValidationResult>;
}

/**
 * The whole job of seed 001 (darktrace-validate-action, the CLI's `validate`): the instance's
 * settings with this run's schedule overrides. Throws ConfigError for bad parameters before anything
 * is sent; host values are checked when it runs.
 */
export function planValidation(
  params: ValidationParams | undefined,
  request: HostsRequest & { readonly actionTimeMs: number; readonly overrides?: ScheduleOverrides },
): ValidationPlan {
  const settings = settingsOf(params, request.overrides);
  const runAts = windowSchedule({
    actionTimeMs: request.actionTimeMs,
    queryTimeMin: settings.queryTimeMin,
    delayMin: settings.delayMin,
    intervalSec: settings.queryIntervalSec,
  }).map((w) => w.runAt);
  const job = {
    settings,
    values: { ips: request.ips, hostnames: request.hostnames },
    actionTimeMs: request.actionTimeMs,
    context: request.context,
    ...(request.query ? { query: request.query } : {}),
  };
  return { runAts, run: (deps) => runValidation(job, deps) };
}
