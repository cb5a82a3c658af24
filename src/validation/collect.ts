// One window's collection for security validation (darktrace-api.md §4.9, §4.18, §4.20, §4.21).
// Advanced-search path: every action query, paged by `size`/`offset` until the page runs short or
// the limit is reached. Legacy path: the hosts' device ids from /devices, then /details per device;
// /details takes no `count` together with `starttime` (§4.18), so a window comes back whole and the
// limit is applied here. In both paths the devices' alerts come from /modelbreaches. Events and
// alerts go into EventSets, which drop what an earlier, overlapping window already delivered.
import type { DarktraceClient } from '../client/darktrace-client.js';
import type { Device } from '../client/schemas.js';
import { toIso } from '../clock.js';
import {
  deviceProduct,
  DETAILS_FIELD_MAP,
  mergeFieldMap,
  normalizeAlert,
  normalizeEvent,
  normalizeHit,
  SEARCH_FIELD_MAP,
  type NormalizedEvent,
} from './field-map.js';
import { orList, type MacroValues } from './query-macros.js';
import type { NamedQuery, ValidationSettings } from './settings.js';

export type ValidationClient = Pick<DarktraceClient, 'advancedSearch' | 'details' | 'devices' | 'modelBreaches'>;

/** A normalized event with its identity and what found it (a query name, or "device events"). */
export type CollectedEvent = NormalizedEvent & { readonly id: string; readonly matched_by: string };

export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

// The appliance caps one search page at 10 000 hits (§4.21).
const MAX_PAGE = 10_000;
const DEVICE_EVENTS = 'device events';

/** Events in first-seen order, at most `limit`, each identity once. */
export class EventSet {
  private readonly byId = new Map<string, CollectedEvent>();
  constructor(readonly limit: number) {}
  get full(): boolean {
    return this.byId.size >= this.limit;
  }
  has(id: string): boolean {
    return this.byId.has(id);
  }
  add(event: CollectedEvent): void {
    if (!this.full && !this.byId.has(event.id)) this.byId.set(event.id, event);
  }
  values(): CollectedEvent[] {
    return [...this.byId.values()];
  }
}

export interface Collection {
  readonly events: EventSet;
  readonly alerts: EventSet;
  readonly suspicious: EventSet;
}

export function newCollection(limit: number): Collection {
  return { events: new EventSet(limit), alerts: new EventSet(limit), suspicious: new EventSet(limit) };
}

export interface CollectContext {
  readonly client: ValidationClient;
  readonly settings: ValidationSettings;
  readonly values: MacroValues;
  /** Expanded action queries; used when advanced search is on or a query was given. */
  readonly queries: readonly NamedQuery[];
  readonly devices: readonly Device[];
}

/** The devices of the given IPs and host names (/devices?ip=, ?hostname=), each did once. */
export async function resolveDevices(client: ValidationClient, values: MacroValues): Promise<Device[]> {
  const found = new Map<number, Device>();
  const lookups = [...values.ips.map((ip) => ({ ip })), ...values.hostnames.map((hostname) => ({ hostname }))];
  // A device without a did (§5.1: the appliance's test records) has no events to ask for.
  for (const lookup of lookups) for (const d of await client.devices(lookup)) if (d.did !== undefined && !found.has(d.did)) found.set(d.did, d);
  return [...found.values()];
}

/** All hits of one search in a range, paged, until the page runs short or `into` is full. */
export async function searchHits(client: ValidationClient, search: string, range: TimeRange, limit: number): Promise<Record<string, unknown>[]> {
  const hits: Record<string, unknown>[] = [];
  const size = Math.min(limit, MAX_PAGE);
  for (let offset = 0; hits.length < limit; offset += size) {
    const answer = await client.advancedSearch({
      search,
      fields: [],
      offset,
      size,
      timeframe: 'custom',
      time: { from: toIso(range.from), to: toIso(range.to), user_interval: 0 },
    });
    hits.push(...answer.hits.hits);
    if (answer.hits.hits.length < size) break;
  }
  return hits.slice(0, limit);
}

/** Collects one window into `into`. */
export async function collectWindow(ctx: CollectContext, range: TimeRange, into: Collection): Promise<void> {
  const useSearch = ctx.settings.useAdvancedSearch || ctx.queries.length > 0;
  if (useSearch) await collectSearch(ctx, range, into);
  else await collectDetails(ctx, range, into);
  await collectAlerts(ctx, range, into.alerts);
}

async function collectSearch(ctx: CollectContext, range: TimeRange, into: Collection): Promise<void> {
  const map = mergeFieldMap(SEARCH_FIELD_MAP, ctx.settings.fieldMap);
  for (const query of ctx.queries) {
    if (into.events.full) break;
    for (const hit of await searchHits(ctx.client, query.query, range, ctx.settings.limit)) into.events.add(fromHit(ctx, hit, map, query.name));
  }
  const about = [...ctx.values.ips, ...ctx.values.hostnames];
  if (!ctx.settings.saveSuspiciousEvents || about.length === 0) return;
  // Events that mention a host in any field but that no action query returned (by hit id).
  for (const hit of await searchHits(ctx.client, orList(about), range, ctx.settings.limit)) {
    const event = fromHit(ctx, hit, map, 'suspicious');
    if (!into.events.has(event.id)) into.suspicious.add(event);
  }
}

function fromHit(ctx: CollectContext, hit: Record<string, unknown>, map: typeof SEARCH_FIELD_MAP, matchedBy: string): CollectedEvent {
  const event = normalizeHit(hit, map, { timeAdjustmentSec: ctx.settings.eventTimeAdjustmentSec });
  const device = ctx.settings.discoverDevices ? deviceOf(ctx.devices, event) : undefined;
  const id = typeof hit['_id'] === 'string' ? `hit:${hit['_id']}` : `hit:${JSON.stringify(hit)}`;
  return { ...event, ...(device ? { product: deviceProduct(device) || event.product } : {}), id, matched_by: matchedBy };
}

async function collectDetails(ctx: CollectContext, range: TimeRange, into: Collection): Promise<void> {
  const map = mergeFieldMap(DETAILS_FIELD_MAP, ctx.settings.fieldMap);
  for (const device of ctx.devices) {
    if (into.events.full && (into.suspicious.full || !ctx.settings.saveSuspiciousEvents)) break;
    const product = ctx.settings.discoverDevices ? deviceProduct(device) : '';
    if (device.did === undefined) continue;
    // Records /details sends that cannot be read at all (not an object) are left out; nulls in the
    // ones it can read (sdid/ddid of an external peer, §5.1) are absent fields, not failures.
    const { items } = await ctx.client.details({ did: device.did, startTime: range.from, endTime: range.to });
    for (const raw of items) {
      const event = normalizeEvent(raw, map, { timeAdjustmentSec: ctx.settings.eventTimeAdjustmentSec, ...(product ? { product } : {}) });
      // /details has no query language: the action's rule is the default queries' rule
      // (src_ip/dest_ip among the IPs, a host field among the host names) applied here.
      const matched = namesTarget(event, ctx.values);
      const collected = { ...event, id: `details:${JSON.stringify(raw)}`, matched_by: matched ? DEVICE_EVENTS : 'suspicious' };
      if (matched) into.events.add(collected);
      else if (ctx.settings.saveSuspiciousEvents) into.suspicious.add(collected);
    }
  }
}

async function collectAlerts(ctx: CollectContext, range: TimeRange, alerts: EventSet): Promise<void> {
  for (const device of ctx.devices) {
    if (alerts.full) return;
    const product = ctx.settings.discoverDevices ? deviceProduct(device) : '';
    for (const raw of await ctx.client.modelBreaches({ did: device.did, startTime: range.from, endTime: range.to })) {
      const breach = (raw ?? {}) as Record<string, unknown>;
      const alert = normalizeAlert(breach, { timeAdjustmentSec: ctx.settings.eventTimeAdjustmentSec, ...(product ? { product } : {}) });
      alerts.add({ ...alert, id: `alert:${String(breach['pbid'] ?? JSON.stringify(breach))}`, matched_by: 'model breach' });
    }
  }
}

function sameHost(a: string, b: string): boolean {
  return a.replace(/\.$/, '').toLowerCase() === b.replace(/\.$/, '').toLowerCase();
}

/** Whether a normalized event names one of the action's IPs or host names. */
function namesTarget(event: NormalizedEvent, values: MacroValues): boolean {
  return (
    values.ips.some((ip) => event.src_ip === ip || event.dest_ip === ip) ||
    values.hostnames.some((h) => [event.host, event.src_host, event.dest_host].some((v) => v !== '' && sameHost(v, h)))
  );
}

function deviceOf(devices: readonly Device[], event: NormalizedEvent): Device | undefined {
  return devices.find(
    (d) =>
      (d.ip !== undefined && (d.ip === event.src_ip || d.ip === event.dest_ip)) ||
      (d.hostname !== undefined && event.host !== '' && sameHost(d.hostname, event.host)),
  );
}
