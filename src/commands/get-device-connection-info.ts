// darktrace-get-device-connection-info → GET /deviceinfo → src/simulator/routes/deviceinfo.ts
// darktrace-get-device-connection-info: GET /deviceinfo, the "Connections Data" graph of a device
// over 4 weeks (reference/darktrace-api.md §4.3, §7). The context keeps the response whole, as the
// seed's example shows; the readable output summarises it (connection-graph.ts) and lists the top
// ports and peer devices in their own tables.
import type { DeviceInfoEntry } from '../client/schemas.js';
import { joinSections, renderKeyValue, renderTable, type Row } from '../render/markdown.js';
import { graphFields, type DataType } from './connection-graph.js';
import { defineCommand } from './define-command.js';
import { emptyResult, minuteCell } from './shape.js';

const TOP_ROWS = 10;
type Info = NonNullable<DeviceInfoEntry['info']>;

// `size` in the info aggregates is a percentage of the device's traffic (each list sums to 100).
function byShare(rows: Row[]): Row[] {
  return rows.sort((a, b) => Number(b['share %'] ?? 0) - Number(a['share %'] ?? 0));
}

function portRows(info: Info): Row[] {
  const rows = (list: Info['portsUsed'], direction: string) =>
    (list ?? []).map((p) => ({ port: p.port, direction, 'share %': p.size, 'first seen': p.firstTime }));
  return byShare([...rows(info.portsUsed, 'out (used)'), ...rows(info.portsServed, 'in (served)')]);
}

function peerRows(info: Info, hostnames: ReadonlyMap<number, string>): Row[] {
  const rows = (list: Info['devicesUsed'], direction: string) =>
    (list ?? []).map((d) => ({
      device: d.did,
      hostname: typeof d.did === 'number' ? hostnames.get(d.did) : undefined,
      direction,
      'share %': d.size,
      'first seen': d.firstTime,
    }));
  return byShare([...rows(info.devicesUsed, 'connected to'), ...rows(info.devicesServed, 'connected from')]);
}

function entrySections(entry: DeviceInfoEntry, title: string, dataType: DataType, hostnames: ReadonlyMap<number, string>): string {
  const info = entry.info;
  const who = `device ${String(entry.did ?? '')}`;
  const tables = { maxRows: TOP_ROWS, formatters: { 'first seen': minuteCell } };
  return joinSections(
    renderKeyValue(title, graphFields(entry, dataType)),
    info &&
      renderTable(`Top ports of ${who}`, portRows(info), {
        ...tables,
        headers: ['port', 'direction', 'share %', 'first seen'],
        emptyText: 'No ports recorded.',
      }),
    info &&
      renderTable(`Top peer devices of ${who}`, peerRows(info, hostnames), {
        ...tables,
        headers: ['device', 'hostname', 'direction', 'share %', 'first seen'],
        emptyText: 'No peer devices recorded.',
      }),
  );
}

export const getDeviceConnectionInfo = defineCommand('darktrace-get-device-connection-info', {
  async run({ client, args }) {
    const response = await client.deviceInfo({
      did: args.did,
      dataType: args.data_type,
      ...(args.external_domain !== undefined ? { externalDomain: args.external_domain } : {}),
      ...(args.destination_did !== undefined ? { destinationDid: args.destination_did } : {}),
      ...(args.show_all_graph_data !== undefined ? { showAllGraphData: args.show_all_graph_data } : {}),
      ...(args.full_device_details !== undefined ? { fullDeviceDetails: args.full_device_details } : {}),
      ...(args.num_similar_devices !== undefined ? { similarDevices: args.num_similar_devices } : {}),
    });
    const title = `Results for device id: ${args.did}`;
    const entries = response.deviceInfo.filter((e) => (e.graphData?.length ?? 0) > 0 || e.info !== undefined);
    if (entries.length === 0) return emptyResult(title, `No results were found for device id ${args.did}.`, response);
    // With fulldevicedetails=true the appliance adds the referenced devices, which name the peers.
    const devices = Array.isArray(response['devices']) ? (response['devices'] as Array<{ did?: unknown; hostname?: unknown }>) : [];
    const hostnames = new Map(
      devices.filter((d) => typeof d.did === 'number' && typeof d.hostname === 'string').map((d) => [d.did as number, d.hostname as string]),
    );
    const sections = entries.map((entry, i) => entrySections(entry, i === 0 ? title : `Similar device ${String(entry.did ?? '')}`, args.data_type, hostnames));
    return {
      outputs: { 'Darktrace.DeviceConnectionInfo': response },
      readable: joinSections(...sections),
      raw: response,
    };
  },
});
