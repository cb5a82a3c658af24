// How `Darktrace.ModelBreach` context reads in markdown: the summary with "N/A" for what the
// appliance left out, "System" for a System breach, then the triggered components when the context
// holds them. The context itself is shaped in domain/model-breach-context.ts.
import { isPlainObject } from '../appliance-values.js';
import type { ModelBreachContext } from '../domain/model-breach-context.js';
import { escapeCell, formatValue, joinSections, renderKeyValue, renderTable, type Row } from './markdown.js';

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
