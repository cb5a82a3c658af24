// The one place a model breach becomes `Darktrace.ModelBreach` context: get-model-breach uses it,
// and so does the fetcher for incidents. The shape is XM's `format_JSON_for_model_breach`
// (reference/darktrace-api.md §7, last paragraph) with three deliberate differences:
// - score stays the API's 0..1 number (soar-conventions.md §2: playbooks compare it), and
//   `percentscore` (0..100, the appliance's own field name, §5) replaces XM's "87.0 %" string;
// - a key the appliance left out is absent, not "N/A": a playbook that tests "is empty" keeps
//   working, and no "N/A" string can reach an action expecting an IP. Markdown shows "N/A";
// - `did` stays a number, and `acknowledged` and `creationTime` are added when the API has them.
// Category, scores, the model (then/now or inline) and what the breach happened on come from
// src/domain/breach.ts, the rules the incident fetcher uses too, so the two never disagree. An
// acknowledged breach sent as `{time, username}` (reference/darktrace-api.md §5.1) shows as
// acknowledged, by whom and when; a System breach is marked `system` and shown as "System".
import type { Acknowledged, BreachRecord } from '../client/schemas.js';
import { toIso } from '../clock.js';
import { breachAiAnalystEventIds } from '../domain/ai-analyst.js';
import { breachModel, breachScore01, isSystemBreach, modelCategory, percentScore, type ModelCategory } from '../domain/breach.js';
import { compact } from '../domain/objects.js';
import { isPlainObject, readInteger, readNumber, readText } from '../appliance-values.js';
import { escapeCell, formatValue, joinSections, renderKeyValue, renderTable, type Row } from './markdown.js';

export interface ModelBreachContextOptions {
  /** The instance URL (it may carry a path prefix); the breach link is `<baseUrl>/#modelbreach/<pbid>`. */
  readonly baseUrl: string;
  /** get-model-breach shows the components that fired; incidents leave them to rawJSON. */
  readonly includeTriggeredComponents?: boolean;
}

interface ModelBreachDeviceContext {
  did?: number;
  macaddress?: string;
  vendor?: string;
  ip?: string;
  hostname?: string;
  devicelabel?: string;
  credentials?: unknown[];
  deviceType?: string;
}

interface ModelBreachModelContext {
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
  /** ISO-8601 UTC of the first activity that met the model (System breaches may have none). */
  time?: string;
  /** ISO-8601 UTC of when Darktrace raised the breach. */
  creationTime?: string;
  /** 0..1, as the API sends it (a 0-100 score is scaled down, §5.1). */
  score?: number;
  /** 0..100. */
  percentscore?: number;
  commentCount?: number;
  acknowledged?: boolean;
  /** Who acknowledged it, when the appliance sends `acknowledged` as `{time, username}`. */
  acknowledgedBy?: string;
  /** ISO-8601 UTC of the acknowledgement, from the same object. */
  acknowledgedTime?: string;
  /** true for a System breach (about the appliance itself; its device is did -1). */
  system?: true;
  device?: ModelBreachDeviceContext;
  model?: ModelBreachModelContext;
  triggeredComponents?: unknown[];
  /** The AI Analyst events that cite this breach (`aianalystData[].uuid`), for the AI Analyst commands. */
  aiAnalystEventIds?: string[];
  link: string;
}

/** A breach cited by more AI Analyst events than this leaves the list to raw: context stays small. */
const MAX_AI_ANALYST_IDS = 20;

/** `acknowledged` as false | true | {time, username} -> the three context fields. */
function acknowledgement(value: Acknowledged): Pick<ModelBreachContext, 'acknowledged' | 'acknowledgedBy' | 'acknowledgedTime'> {
  if (value === undefined || typeof value === 'boolean') return compact({ acknowledged: value });
  return compact({
    acknowledged: true,
    acknowledgedBy: value.username,
    acknowledgedTime: value.time === undefined ? undefined : toIso(value.time),
  });
}

function modelContext(model: Record<string, unknown> | undefined): ModelBreachModelContext {
  if (!model) return {};
  const tags = Array.isArray(model['tags']) ? model['tags'].filter((t): t is string => typeof t === 'string') : undefined;
  const description = readText(model['description']);
  return compact({
    name: readText(model['name']),
    pid: readInteger(model['pid']),
    uuid: readText(model['uuid']),
    tags,
    priority: readNumber(model['priority']),
    category: modelCategory(model),
    description: description === undefined ? undefined : cleanDescription(description),
  });
}

/** undefined for {}: an empty object is a context leaf no playbook can use (and the manifest does not declare). */
function nonEmpty<T extends object>(record: T): T | undefined {
  return Object.keys(record).length > 0 ? record : undefined;
}

/** Shapes a breach (any shape of §5.1) as `Darktrace.ModelBreach` context. Pure; times leave as ISO-8601 UTC. */
export function modelBreachContext(breach: BreachRecord, opts: ModelBreachContextOptions): ModelBreachContext {
  const device = breach.device;
  return compact({
    pbid: breach.pbid,
    time: breach.time === undefined ? undefined : toIso(breach.time),
    creationTime: breach.creationTime === undefined ? undefined : toIso(breach.creationTime),
    score: breachScore01(breach),
    percentscore: percentScore(breach),
    commentCount: breach.commentCount,
    ...acknowledgement(breach.acknowledged),
    system: isSystemBreach(breach) ? (true as const) : undefined,
    device: device
      ? nonEmpty(
          compact({
            did: device.did,
            macaddress: device.macaddress,
            vendor: device.vendor,
            ip: device.ip,
            hostname: device.hostname,
            devicelabel: device.devicelabel,
            credentials: device.credentials,
            deviceType: device.typename,
          }),
        )
      : undefined,
    model: nonEmpty(modelContext(breachModel(breach))),
    triggeredComponents: opts.includeTriggeredComponents ? breach.triggeredComponents : undefined,
    aiAnalystEventIds: aiAnalystIds(breach),
    link: `${opts.baseUrl.replace(/\/+$/, '')}/#modelbreach/${breach.pbid}`,
  });
}

function aiAnalystIds(breach: BreachRecord): string[] | undefined {
  const ids = breachAiAnalystEventIds(breach);
  return ids.length > 0 && ids.length <= MAX_AI_ANALYST_IDS ? ids : undefined;
}

/**
 * Model descriptions carry literal `\n` sequences (§4.16). XM deletes them, which glues sentences
 * together ("tools.Action:"); a space keeps them apart in context and in one table cell.
 */
export function cleanDescription(text: string): string {
  return text
    .replace(/(\\n|\r?\n)+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

const NA = 'N/A';

/** Summary, then the triggered components when the context holds them. */
export function renderModelBreach(context: ModelBreachContext): string {
  const { device } = context;
  const model = context.model ?? {};
  const summary: Row = {
    pbid: context.pbid,
    time: context.time ?? NA,
    creationTime: context.creationTime ?? NA,
    score: context.score ?? NA,
    percentscore: context.percentscore ?? NA,
    acknowledged: context.acknowledged ?? NA,
    ...(context.acknowledgedBy === undefined ? {} : { 'acknowledged by': context.acknowledgedBy }),
    ...(context.acknowledgedTime === undefined ? {} : { 'acknowledged at': context.acknowledgedTime }),
    commentCount: context.commentCount ?? NA,
    model: model.name ?? NA,
    category: model.category ?? NA,
    priority: model.priority ?? NA,
    'model uuid': model.uuid ?? NA,
    // A System breach concerns the appliance itself: "System", never "device -1" (§5.1).
    'device did': context.system ? 'System' : (device?.did ?? NA),
    hostname: device?.hostname ?? NA,
    ip: device?.ip ?? NA,
    devicelabel: device?.devicelabel ?? NA,
    description: model.description ?? NA,
    ...(context.aiAnalystEventIds ? { 'AI Analyst events': context.aiAnalystEventIds } : {}),
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
  return [filter['filterType'], filter['comparatorType'], trigger ?? argument]
    .map((v) => formatValue(v))
    .filter(Boolean)
    .join(' ');
}

function escapeOf(value: unknown): string {
  return escapeCell(formatValue(value));
}
