// GET /similardevices?did=&count= (darktrace-api.md §4.1): an array of device objects, most similar
// first as stored. A device without similar devices answers [].
import { inputError, intParam, json, type Route } from './route-kit.js';

export const similarDevicesRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/similardevices$/,
    handler: (ctx) => {
      const did = intParam(ctx.query, 'did');
      if (did === undefined) throw inputError('did is required');
      const count = intParam(ctx.query, 'count') ?? 5;
      return json((ctx.state.similarDevices[String(did)] ?? []).slice(0, Math.max(0, count)));
    },
  },
];
