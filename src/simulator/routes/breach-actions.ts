// Writes on one breach (darktrace-api.md §4.11-4.14): comments GET/POST and acknowledge /
// unacknowledge. Answers use the guide's form {"response":"SUCCESS"}, also when the breach is
// already in the requested state (XM treats anything else as "already acknowledged").
import { findBreach, pbidParam } from './modelbreaches.js';
import { inputError, json, postParams, type Route } from './route-kit.js';

const SIMULATOR_USERNAME = 'api-user';

function setAcknowledged(value: boolean): Route['handler'] {
  return (ctx, [raw]) => {
    const breach = findBreach(ctx, pbidParam(raw!));
    postParams(ctx); // JSON or form accepted; a malformed JSON body is an INPUT ERROR
    breach.acknowledged = value;
    return json({ response: 'SUCCESS' });
  };
}

export const breachActionsRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/modelbreaches\/([^/]+)\/comments$/,
    handler: (ctx, [raw]) => {
      const pbid = findBreach(ctx, pbidParam(raw!)).pbid;
      return json(ctx.state.comments.filter((c) => c.pbid === pbid).sort((a, b) => a.time - b.time));
    },
  },
  {
    method: 'POST',
    pattern: /^\/modelbreaches\/([^/]+)\/comments$/,
    handler: (ctx, [raw]) => {
      const breach = findBreach(ctx, pbidParam(raw!));
      const message = postParams(ctx).get('message');
      if (!message) throw inputError('message is required');
      ctx.state.comments.push({
        time: ctx.nowMs,
        pbid: breach.pbid,
        username: SIMULATOR_USERNAME,
        message,
        pid: breach.model.then.pid,
        name: breach.model.then.name,
      });
      breach.commentCount += 1;
      return json({ response: 'SUCCESS' });
    },
  },
  { method: 'POST', pattern: /^\/modelbreaches\/([^/]+)\/acknowledge$/, handler: setAcknowledged(true) },
  { method: 'POST', pattern: /^\/modelbreaches\/([^/]+)\/unacknowledge$/, handler: setAcknowledged(false) },
];
