// GET /deviceinfo (darktrace-api.md §4.3). datatype=co serves the stored connection counts;
// sizeout/sizein derive byte volumes from them so each data type gives distinct, stable numbers.
import { boolParam, inputError, intParam, json, type Route } from './route-kit.js';

const BYTES_PER_CONNECTION = { co: 1, sizeout: 1460, sizein: 620 } as const;

export const deviceInfoRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/deviceinfo$/,
    handler: (ctx) => {
      const did = intParam(ctx.query, 'did');
      if (did === undefined) throw inputError('did is required');
      const datatype = ctx.query.get('datatype') || 'co';
      if (!(datatype in BYTES_PER_CONNECTION)) throw inputError(`datatype must be co, sizeout or sizein, got ${datatype}`);
      const factor = BYTES_PER_CONNECTION[datatype as keyof typeof BYTES_PER_CONNECTION];
      const stored = ctx.state.deviceInfo[String(did)];
      const entries = (stored?.deviceInfo ?? []).map((entry) => {
        const graph = Array.isArray(entry['graphData']) ? (entry['graphData'] as Array<{ time: number; count: number }>) : [];
        return { ...entry, graphData: graph.map((p) => ({ time: p.time, count: p.count * factor })) };
      });
      const body: Record<string, unknown> = { deviceInfo: entries };
      if (boolParam(ctx.query, 'fulldevicedetails', false)) {
        body['devices'] = ctx.state.devices.filter((d) => d.did === did);
      }
      return json(body);
    },
  },
];
