// GET /models?uuid=|pid= (darktrace-api.md §4.16): one model object; no parameter lists them all.
import { intParam, json, notFound, type Route } from './route-kit.js';

export const modelsRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/models$/,
    handler: (ctx) => {
      const uuid = ctx.query.get('uuid');
      const pid = intParam(ctx.query, 'pid');
      if (!uuid && pid === undefined) return json(ctx.state.models);
      const model = ctx.state.models.find((m) => (uuid ? m.uuid === uuid : m.pid === pid));
      if (!model) throw notFound(`Model ${uuid ?? pid} not found`);
      return json(model);
    },
  },
];
