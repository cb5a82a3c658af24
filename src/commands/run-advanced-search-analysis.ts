// darktrace-run-advanced-search-analysis → GET /advancedsearch/api/analyze/{metric}/{operation}/{query} → src/simulator/routes/advancedsearch.ts
// darktrace-run-advanced-search-analysis: GET /advancedsearch/api/analyze/<metric>/<operation>/<b64>
// (reference/darktrace-api.md §4.4, §7). The client encodes the path; this file builds the query
// object exactly as XA does, so the appliance sees what it sees from XSOAR.
import type { AdvancedSearchQuery } from '../client/schemas.js';
import { joinSections, renderKeyValue, renderTable } from '../render/markdown.js';
import { defineCommand } from './define-command.js';
import { emptyResult } from './shape.js';

const MAX_ROWS = 50;

export interface AnalysisWindow {
  readonly initialDate: string;
  readonly initialTime: string;
  readonly endDate: string;
  readonly endTime: string;
}

/**
 * The query object of XA's run_advanced_search_analysis_command, keys in its order. `offset` and
 * `user_interval` are strings there (§4.4); the appliance accepts both forms.
 */
export function analysisQuery(search: AnalysisWindow & { query: string; offset: number }): AdvancedSearchQuery {
  return {
    search: search.query,
    fields: [],
    offset: String(search.offset),
    timeframe: 'custom',
    graphmode: 'count',
    time: { from: `${search.initialDate}T${search.initialTime}Z`, to: `${search.endDate}T${search.endTime}Z`, user_interval: '0' },
    mode: '',
    analyze_field: '',
  };
}

export const runAdvancedSearchAnalysis = defineCommand('darktrace-run-advanced-search-analysis', {
  check(a) {
    // Dates and times are already real YYYY-MM-DD / HH:MM:SS (manifest types), so they compare as text.
    if (a.endDate < a.initialDate) {
      return { argument: 'endDate', message: `expected a date as YYYY-MM-DD not before initialDate ${a.initialDate}, got "${a.endDate}"` };
    }
    if (a.endDate === a.initialDate && a.endTime < a.initialTime) {
      return { argument: 'endTime', message: `expected a time as HH:MM:SS not before initialTime ${a.initialTime} on the same date, got "${a.endTime}"` };
    }
    return undefined;
  },
  async run({ client, args }) {
    const query = analysisQuery(args);
    const answer = await client.advancedSearchAnalyze({ metric: args.metric, operation: args.operation, query });
    const title = 'Results for Advanced Search Query';
    const window = `${args.initialDate} ${args.initialTime} to ${args.endDate} ${args.endTime} UTC`;
    const hits = answer.hits.hits;
    if (hits.length === 0) return emptyResult(title, `No results for ${JSON.stringify(args.query)} from ${window}.`, answer);
    const total = typeof answer.hits.total === 'number' ? answer.hits.total : undefined;
    return {
      outputs: { 'Darktrace.AdvancedSearch': hits },
      readable: joinSections(
        renderKeyValue(title, {
          query: args.query,
          metric: args.metric,
          operation: args.operation,
          window,
          offset: args.offset,
          ...(total !== undefined ? { 'matching records': total } : {}),
          values: hits.length,
        }),
        renderTable(`${args.metric} by ${args.operation}`, hits, { headers: ['id', 'count'], maxRows: MAX_ROWS }),
      ),
      raw: answer,
    };
  },
});
