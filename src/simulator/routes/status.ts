// GET /status (darktrace-api.md §4.19): the stored status with `time` taken from the appliance clock.
import { json, type Route } from './route-kit.js';

function minuteString(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

export const statusRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/status$/,
    handler: (ctx) => json({ ...ctx.state.status, time: minuteString(ctx.nowMs) }),
  },
];
