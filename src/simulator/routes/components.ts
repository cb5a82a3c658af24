// GET /components?cid= (darktrace-api.md §4.17): one component object; no parameter lists them all.
import { intParam, json, notFound, type Route } from './route-kit.js';

export const componentsRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/components$/,
    handler: (ctx) => {
      const cid = intParam(ctx.query, 'cid');
      if (cid === undefined) return json(ctx.state.components);
      const component = ctx.state.components.find((c) => c.cid === cid);
      if (!component) throw notFound(`Component ${cid} not found`);
      return json(component);
    },
  },
];
