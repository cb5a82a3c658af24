// darktrace-get-device-events → GET /devices → src/simulator/routes/devices.ts; GET /details → src/simulator/routes/details.ts
import { readValidationSettings } from '../validation/settings.js';
import { deviceProduct, DETAILS_FIELD_MAP, mergeFieldMap, normalizeEvent } from '../validation/field-map.js';
import { eventRow, renderEvents } from '../validation/report.js';
import { joinSections } from '../render/markdown.js';
import { defineCommand } from './define-command.js';
import { unreadableNote } from './shape.js';

const HOUR_MS = 3_600_000;

export const getDeviceEvents = defineCommand('darktrace-get-device-events', {
  check: (a) => ((a.did === undefined) !== (a.ip === undefined) ? undefined : { argument: 'did', message: 'give either did or ip, not both' }),
  async run({ client, args, clock, params }) {
    const settings = readValidationSettings(params ?? {});
    const device = args.did !== undefined ? (await client.devices({ did: args.did }))[0] : (await client.devices({ ip: args.ip ?? '' }))[0];
    const title = `Events of device ${args.did ?? args.ip}`;
    // A device without a did (§5.1: the appliance's test records) has no events to ask for.
    if (device?.did === undefined) return { outputs: {}, readable: renderEvents(title, []), raw: [] };
    const did = device.did;
    const end = args.end ?? clock.now();
    const start = args.start ?? end - HOUR_MS;
    const { items, unreadable, received } = await client.details({
      did,
      startTime: start,
      endTime: end,
      ...(args.event_type ? { eventType: args.event_type } : {}),
    });
    const map = mergeFieldMap(DETAILS_FIELD_MAP, settings.fieldMap);
    const product = settings.discoverDevices ? deviceProduct(device) : '';
    // /details takes no count with a time window (darktrace-api.md §4.18): the limit is applied here.
    const events = items
      .slice(0, settings.limit)
      .map((e) => normalizeEvent(e, map, { timeAdjustmentSec: settings.eventTimeAdjustmentSec, ...(product ? { product } : {}) }));
    return {
      outputs: events.length ? { 'Darktrace.Event': events.map((e) => ({ ...eventRow(e), did, raw: e.raw })) } : {},
      readable: joinSections(renderEvents(`${title} (did ${did})`, events), unreadableNote(`events of device ${did}`, unreadable)),
      raw: received,
    };
  },
});
