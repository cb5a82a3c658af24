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
        // The device itself and every device its aggregates name (devicesUsed/devicesServed).
        const referenced = new Set<unknown>([did]);
        for (const entry of stored?.deviceInfo ?? []) {
          const info = (entry['info'] ?? {}) as Record<string, unknown>;
          for (const key of ['devicesUsed', 'devicesServed']) {
            const list = Array.isArray(info[key]) ? (info[key] as Array<{ did?: unknown }>) : [];
            for (const d of list) referenced.add(d.did);
          }
        }
        body['devices'] = ctx.state.devices.filter((d) => referenced.has(d.did));
      }
      return json(body);
    },
  },
];
