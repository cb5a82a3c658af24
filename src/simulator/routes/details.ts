// GET /details (darktrace-api.md §4.18). did or pbid is required. With pbid the breach record
// (eventType "policybreach") comes first and the breached device's events follow, which is why XM
// asks for count+1 and drops element 0. eventtype defaults to connection (which includes the
// unusual and new connections); order=asc|desc sorts by timems, otherwise the order is a
// deterministic shuffle. starttime/endtime (or from/to) are inclusive.
import type { Breach, DetailsEvent, SimulatorDataset } from '../dataset.js';
import { shuffled } from '../prng.js';
import { findBreach } from './modelbreaches.js';
import { inputError, intParam, json, timeWindow, type Route } from './route-kit.js';

const CONNECTION_TYPES = new Set(['connection', 'unusualconnection', 'newconnection']);
const HOUR_MS = 3_600_000;

function sqlTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** The breach as /details shows it: `time` a string, `timems` the number (§4.18 quirk). */
function breachRecord(b: Breach, state: SimulatorDataset): Record<string, unknown> {
  const comps = (b.triggeredComponents ?? []) as Array<{ cid?: number; cbid?: number; time?: number }>;
  const device = state.devices.find((d) => d.did === b.device.did);
  return {
    time: sqlTime(b.time),
    timems: b.time,
    pbid: b.pbid,
    pid: b.model.then.pid,
    phid: b.model.then.phid ?? 0,
    eventType: 'policybreach',
    action: 'policybreach',
    creationTime: b.creationTime,
    creationTimestamp: sqlTime(b.creationTime),
    name: b.model.then.name,
    components: comps.map((c) => c.cid ?? 0),
    acknowledged: b.acknowledged,
    state: b.acknowledged ? 'Acknowledged' : 'New',
    score: b.score,
    commentCount: b.commentCount,
    componentBreaches: comps.map((c) => c.cbid ?? 0),
    componentBreachTimes: comps.map((c) => c.time ?? b.time),
    devices: [b.device.did],
    deviceLabels: [typeof device?.['devicelabel'] === 'string' ? device['devicelabel'] : ''],
  };
}

function matchesType(e: DetailsEvent, eventtype: string): boolean {
  return eventtype === 'connection' ? CONNECTION_TYPES.has(e.eventType) : e.eventType === eventtype;
}

export const detailsRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/details$/,
    handler: (ctx) => {
      const q = ctx.query;
      const pbid = intParam(q, 'pbid');
      const breach = pbid === undefined ? undefined : findBreach(ctx, pbid);
      const did = breach?.device.did ?? intParam(q, 'did');
      if (did === undefined) throw inputError('one of did or pbid is required');
      let { start, end } = timeWindow(q);
      if (breach && start === Number.NEGATIVE_INFINITY && end === Number.POSITIVE_INFINITY) {
        // Without a window, a breach's connections are those around its activity.
        start = breach.time - HOUR_MS;
        end = breach.creationTime + HOUR_MS;
      }
      const eventtype = q.get('eventtype') || 'connection';
      let rows: Array<Record<string, unknown> & { timems: number }>;
      if (eventtype === 'modelbreach') {
        rows = ctx.state.breaches
          .filter((b) => b.device.did === did && b.time >= start && b.time <= end)
          .map((b) => ({ ...breachRecord(b, ctx.state), timems: b.time }));
      } else {
        rows = ctx.state.events.filter((e) => (e.sdid === did || e.ddid === did) && e.timems >= start && e.timems <= end && matchesType(e, eventtype));
      }
      const order = q.get('order');
      rows =
        order === 'asc' || order === 'desc'
          ? [...rows].sort((a, b) => (order === 'asc' ? a.timems - b.timems : b.timems - a.timems))
          : shuffled(rows, ctx.shuffleSeed);
      const offset = intParam(q, 'offset') ?? 0;
      const count = intParam(q, 'count') ?? rows.length + 1;
      const head = breach ? [breachRecord(breach, ctx.state)] : [];
      const page = rows.slice(offset, offset + Math.max(0, count - head.length));
      return json([...head, ...page]);
    },
  },
];
