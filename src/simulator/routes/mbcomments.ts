// GET /mbcomments?pbid=&starttime=&endtime=&count= (darktrace-api.md §4.15): comments across
// breaches, oldest first, count defaulting to 100; the window is inclusive on comment time.
import { intParam, json, timeWindow, type Route } from './route-kit.js';

export const mbCommentsRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/mbcomments$/,
    handler: (ctx) => {
      const pbid = intParam(ctx.query, 'pbid');
      const { start, end } = timeWindow(ctx.query);
      const count = intParam(ctx.query, 'count') ?? 100;
      const rows = ctx.state.comments
        .filter((c) => (pbid === undefined || c.pbid === pbid) && c.time >= start && c.time <= end)
        .sort((a, b) => a.time - b.time);
      return json(rows.slice(0, Math.max(0, count)));
    },
  },
];
