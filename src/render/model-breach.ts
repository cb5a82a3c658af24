// The one place a model breach becomes `Darktrace.ModelBreach` context: get-model-breach uses it,
// and so does the fetcher for incidents. The shape is XM's `format_JSON_for_model_breach`
// (reference/darktrace-api.md §7, last paragraph) with three deliberate differences:
// - score stays the API's 0..1 number (soar-conventions.md §2: playbooks compare it), and
//   `percentscore` (0..100, the appliance's own field name, §5) replaces XM's "87.0 %" string;
// - a key the appliance left out is absent, not "N/A": a playbook that tests "is empty" keeps
//   working, and no "N/A" string can reach an action expecting an IP. Markdown shows "N/A";
// - `did` stays a number, and `acknowledged` and `creationTime` are added when the API has them.
import type { ModelBreach, ModelSummary } from '../client/schemas.js';
import { toIso } from '../clock.js';
import { escapeCell, formatValue, isPlainObject, joinSections, renderKeyValue, renderTable, type Row } from './markdown.js';

export interface ModelBreachContextOptions {
  /** The instance URL (it may carry a path prefix); the breach link is `<baseUrl>/#modelbreach/<pbid>`. */
  readonly baseUrl: string;
  /** get-model-breach shows the components that fired; incidents leave them to rawJSON. */
  readonly includeTriggeredComponents?: boolean;
}

export interface ModelBreachDeviceContext {
  did: number;
  macaddress?: string;
  vendor?: string;
  ip?: string;
  hostname?: string;
  devicelabel?: string;
  credentials?: unknown[];
  deviceType?: string;
}

export interface ModelBreachModelContext {
  name?: string;
  pid?: number;
  uuid?: string;
  tags?: string[];
  priority?: number;
  category?: ModelCategory;
  description?: string;
}

export interface ModelBreachContext {
  pbid: number;
  /** ISO-8601 UTC of the first activity that met the model. */
  time: string;
  /** ISO-8601 UTC of when Darktrace raised the breach. */
  creationTime?: string;
  /** 0..1, as the API sends it. */
  score: number;
  /** 0..100. */
  percentscore: number;
  commentCount?: number;
  acknowledged?: boolean;
  device?: ModelBreachDeviceContext;
  model: ModelBreachModelContext;
  triggeredComponents?: unknown[];
  link: string;
}

export type ModelCategory = 'Critical' | 'Suspicious' | 'Compliance' | 'Informational';
const CATEGORIES: readonly string[] = ['Critical', 'Suspicious', 'Compliance', 'Informational'];

/** Shapes a validated breach as `Darktrace.ModelBreach` context. Pure; times leave as ISO-8601 UTC. */
export function modelBreachContext(breach: ModelBreach, opts: ModelBreachContextOptions): ModelBreachContext {
  const model = breachModel(breach);
  return compact({
    pbid: breach.pbid,
    time: toIso(breach.time),
    creationTime: breach.creationTime === undefined ? undefined : toIso(breach.creationTime),
    score: breach.score,
    percentscore: percentScore(breach),
    commentCount: breach.commentCount,
    acknowledged: breach.acknowledged,
    device: breach.device
      ? compact({
          did: breach.device.did,
          macaddress: breach.device.macaddress,
          vendor: breach.device.vendor,
          ip: breach.device.ip,
          hostname: breach.device.hostname,
          devicelabel: breach.device.devicelabel,
          credentials: breach.device.credentials,
          deviceType: breach.device.typename,
        })
      : undefined,
    model: compact({
      name: model?.name,
      pid: model?.pid,
      uuid: model?.uuid,
      tags: model?.tags,
      priority: model?.priority,
      category: model ? modelCategory(model) : undefined,
      description: model?.description === undefined ? undefined : cleanDescription(model.description),
    }),
    triggeredComponents: opts.includeTriggeredComponents ? breach.triggeredComponents : undefined,
    link: `${opts.baseUrl.replace(/\/+$/, '')}/#modelbreach/${breach.pbid}`,
  });
}

/** The model as it was when the breach fired: `model.then`, or `model` itself with historicmodelonly=true (§4.9). */
function breachModel(breach: ModelBreach): ModelSummary | undefined {
  const { then, now } = breach.model;
  if (then) return then;
  if (typeof breach.model.name === 'string' && typeof breach.model.pid === 'number') return breach.model as ModelSummary;
  return now;
}

/**
 * The model's category: `compliance: true` wins over `category` (§5); older appliances send no
 * category, so it is derived from `priority` (0-3 Informational, 4 Suspicious, 5 Critical; §5
 * fallback rule). Undefined when the model carries none of the three.
 */
/** Breach score as the 0-100 integer analysts see (`percentscore` when sent, else score x 100). */
export function percentScore(breach: Pick<ModelBreach, 'percentscore' | 'score'>): number {
  return breach.percentscore ?? Math.round(breach.score * 100);
}

export function modelCategory(model: Pick<ModelSummary, 'category' | 'compliance' | 'priority'>): ModelCategory | undefined {
  if (model.compliance === true) return 'Compliance';
  if (model.category !== undefined && CATEGORIES.includes(model.category)) return model.category as ModelCategory;
  const p = model.priority;
  if (p === undefined || !Number.isInteger(p) || p < 0 || p > 5) return undefined;
  return p === 5 ? 'Critical' : p === 4 ? 'Suspicious' : 'Informational';
}

/**
 * Model descriptions carry literal `\n` sequences (§4.16). XM deletes them, which glues sentences
 * together ("tools.Action:"); a space keeps them apart in context and in one table cell.
 */
export function cleanDescription(text: string): string {
  return text.replace(/(\\n|\r?\n)+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Drops undefined members, so that absent API keys stay absent in context. */
export function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The listed keys of an appliance record that are present, in the order listed. Context takes named
 * fields only: a key a newer appliance adds would otherwise be an undeclared context path.
 */
export function pickDefined(record: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => record[k] !== undefined && record[k] !== null).map((k) => [k, record[k]]));
}

const NA = 'N/A';

/** Summary, then the triggered components when the context holds them. */
export function renderModelBreach(context: ModelBreachContext): string {
  const { device, model } = context;
  const summary: Row = {
    pbid: context.pbid,
    time: context.time,
    creationTime: context.creationTime ?? NA,
    score: context.score,
    percentscore: context.percentscore,
    acknowledged: context.acknowledged ?? NA,
    commentCount: context.commentCount ?? NA,
    model: model.name ?? NA,
    category: model.category ?? NA,
    priority: model.priority ?? NA,
    'model uuid': model.uuid ?? NA,
    'device did': device?.did ?? NA,
    hostname: device?.hostname ?? NA,
    ip: device?.ip ?? NA,
    devicelabel: device?.devicelabel ?? NA,
    description: model.description ?? NA,
    link: context.link,
  };
  const parts = [renderKeyValue(`Darktrace Model Breach ${context.pbid}`, summary)];
  if (context.triggeredComponents) {
    parts.push(
      renderTable(`Triggered components of model breach ${context.pbid}`, context.triggeredComponents as Row[], {
        headers: ['cid', 'time', 'metric', 'size', 'threshold', 'interval', 'triggeredFilters'],
        formatters: {
          metric: (v) => escapeOf(isPlainObject(v) ? (v['label'] ?? v['name']) : v),
          triggeredFilters: (v) => escapeOf(Array.isArray(v) ? v.filter(isPlainObject).map(describeFilter) : v),
        },
      }),
    );
  }
  return joinSections(...parts);
}

/** "Direction is out" from a triggered filter's type, comparator and the value that fired. */
function describeFilter(filter: Readonly<Record<string, unknown>>): string {
  const trigger = isPlainObject(filter['trigger']) ? filter['trigger']['value'] : undefined;
  const argument = isPlainObject(filter['arguments']) ? filter['arguments']['value'] : undefined;
  return [filter['filterType'], filter['comparatorType'], trigger ?? argument].map((v) => formatValue(v)).filter(Boolean).join(' ');
}

function escapeOf(value: unknown): string {
  return escapeCell(formatValue(value));
}
