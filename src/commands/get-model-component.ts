// darktrace-get-model-component → GET /components → src/simulator/routes/components.ts
// darktrace-get-model-component: GET /components?cid= (reference/darktrace-api.md §4.17).
import { escapeCell, formatValue, joinSections, renderKeyValue, renderTable, type Row } from '../render/markdown.js';
import { pickDefined } from '../domain/objects.js';
import { defineCommand } from './define-command.js';

const COMPONENT_FIELDS = ['cid', 'chid', 'mlid', 'name', 'type', 'threshold', 'interval', 'active', 'metric', 'logic', 'filters'];

export const getModelComponent = defineCommand('darktrace-get-model-component', {
  async run({ client, args }) {
    const component = await client.component(args.cid);
    const context = pickDefined(component, COMPONENT_FIELDS);
    const { filters, logic, metric, ...shown } = context;
    const metricRecord = (metric ?? {}) as Row;
    const summary = { ...shown, metric: metricRecord['label'] ?? metricRecord['name'], logic };
    return {
      // Darktrace.Model.Component: where XSOAR's DarktraceMBs writes the whole component (its YAML).
      outputs: { 'Darktrace.ModelComponent': context, 'Darktrace.Model.Component': component },
      readable: joinSections(
        renderKeyValue(`Darktrace Model Component ${component.cid}`, summary),
        renderTable(`Filters of component ${component.cid}`, Array.isArray(filters) ? (filters as Row[]) : [], {
          headers: ['id', 'filtertype', 'comparator', 'arguments'],
          // arguments is {value: ...}; the value alone reads as the filter's operand.
          formatters: { arguments: (v) => escapeCell(formatValue((v as Row | undefined)?.['value'] ?? v)) },
        }),
      ),
      raw: component,
    };
  },
});
