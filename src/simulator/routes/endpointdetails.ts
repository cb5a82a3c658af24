// GET /endpointdetails?hostname=|ip=&additionalinfo=&devices=&score= (darktrace-api.md §4.2).
// The three booleans decide which parts of the stored object are returned; an endpoint the
// appliance never saw answers the bare skeleton.
import { boolParam, inputError, json, type Route } from './route-kit.js';

const PARTS = {
  additionalinfo: ['ips', 'locations', 'country', 'asn', 'city', 'region', 'longitude', 'latitude', 'name'],
  devices: ['devices'],
  score: ['popularity', 'dgascore'],
} as const;

export const endpointDetailsRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/endpointdetails$/,
    handler: (ctx) => {
      const hostname = ctx.query.get('hostname');
      const ip = ctx.query.get('ip');
      if (!hostname && !ip) throw inputError('one of hostname or ip is required');
      const key = hostname ? `hostname:${hostname.toLowerCase()}` : `ip:${ip}`;
      const stored = ctx.state.endpointDetails[key] ?? {
        ...(hostname ? { hostname } : { ip }),
        devices: [],
        ips: [],
        locations: [],
        popularity: 0,
        dgascore: 0,
      };
      const out: Record<string, unknown> = { ...stored };
      for (const [flag, keys] of Object.entries(PARTS)) {
        if (!boolParam(ctx.query, flag, false)) for (const k of keys) delete out[k];
      }
      return json(out);
    },
  },
];
