// darktrace-get-tagged-devices → GET /tags/entities → src/simulator/routes/tags-entities.ts
// darktrace-get-tagged-devices: GET /tags/entities?tag=&fulldevicedetails=true (reference/
// darktrace-api.md §4.7, §7). Context per the seed: deviceId, hostname, label, credentials, otherTags
// (tag names, the queried tag left out). For XSOAR's DarktraceAdmin playbooks each device also gets
// what that integration writes there (its test_data/formatted_tagged_devices.json): every tag object
// as the appliance sent it, the queried one included, as `tags` (their `otherTags`, which names the
// seed's list of names), and the queried tag's name as `tag`.
import { renderTable } from '../render/markdown.js';
import { defineCommand } from './define-command.js';
import { credentialsCell, emptyResult, listCell, minuteCell, withIsoTimes } from './shape.js';

const MAX_ROWS = 50;

export const getTaggedDevices = defineCommand('darktrace-get-tagged-devices', {
  async run({ client, args }) {
    const answer = await client.taggedDevices(args.tagName);
    const title = `Devices tagged ${args.tagName}`;
    if (answer.devices.length === 0) return emptyResult(title, `No devices are tagged ${args.tagName}.`, answer);
    const sameTag = (name: string) => name.toLowerCase() === args.tagName.toLowerCase();
    // Absent fields stay absent (XA wrote "N/A", which a playbook cannot tell from a real label).
    const devices = answer.devices.map((d) => ({
      deviceId: d.did,
      ...(d.hostname !== undefined ? { hostname: d.hostname } : {}),
      ...(d.devicelabel !== undefined ? { label: d.devicelabel } : {}),
      ...(d.ip !== undefined ? { ip: d.ip } : {}),
      ...(d.lastSeen ? { lastSeen: withIsoTimes({ lastSeen: d.lastSeen }, ['lastSeen']).lastSeen } : {}),
      // §5.1: entries are {credential, lastSeen} or plain strings; context gets the object form.
      credentials: (d.credentials ?? []).map((c) => (typeof c === 'string' ? { credential: c } : withIsoTimes(c, ['lastSeen']))),
      otherTags: (d.tags ?? []).map((t) => t.name).filter((name) => !sameTag(name)),
      tag: args.tagName,
      tags: d.tags ?? [],
    }));
    return {
      outputs: { 'Darktrace.Device': devices },
      readable: renderTable(title, devices, {
        headers: ['deviceId', 'hostname', 'label', 'ip', 'lastSeen', 'credentials', 'otherTags'],
        formatters: { lastSeen: minuteCell, credentials: credentialsCell, otherTags: listCell },
        maxRows: MAX_ROWS,
      }),
      raw: answer,
    };
  },
});
