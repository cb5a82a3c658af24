// darktrace-get-external-endpoint-details → GET /endpointdetails → src/simulator/routes/endpointdetails.ts
// darktrace-get-external-endpoint-details: GET /endpointdetails, where the endpoint type is the
// query key itself (reference/darktrace-api.md §4.2, §7).
import { isHostname, isIpAddress } from '../net-values.js';
import { joinSections, renderKeyValue, renderTable } from '../render/markdown.js';
import { defineCommand } from './define-command.js';
import { emptyResult, minuteCell, withIsoTimes } from './shape.js';

const MAX_ROWS = 20;
// Fields shown in the summary, in this order; lists get their own tables below it.
const SUMMARY = ['hostname', 'ip', 'firsttime', 'popularity', 'dgascore', 'country', 'region', 'city', 'asn'];

export const getExternalEndpointDetails = defineCommand('darktrace-get-external-endpoint-details', {
  // The form of endpoint_value depends on endpoint_type, which the manifest cannot say.
  check(a) {
    const ip = a.endpoint_type === 'IP';
    if (ip ? isIpAddress(a.endpoint_value) : isHostname(a.endpoint_value)) return undefined;
    return {
      argument: 'endpoint_value',
      message: `expected ${ip ? 'an IPv4 or IPv6 address' : 'a host name such as host.example.com'} because endpoint_type is ${a.endpoint_type}, got ${JSON.stringify(a.endpoint_value)}`,
    };
  },
  async run({ client, args }) {
    const type = args.endpoint_type === 'IP' ? 'ip' : 'hostname';
    const details = await client.endpointDetails({
      type,
      value: args.endpoint_value,
      additionalInfo: args.additional_info,
      devices: args.devices,
      score: args.score,
    });
    const title = `${type === 'ip' ? 'IP' : 'Hostname'}: ${args.endpoint_value} details`;
    if (Object.keys(details).length === 0) return emptyResult(title, `Darktrace returned no details for ${args.endpoint_value}.`, details);
    const context = withIsoTimes(details, ['firsttime']);
    const summary: Record<string, unknown> = {};
    for (const key of SUMMARY) if (context[key] !== undefined && context[key] !== '') summary[key] = context[key];
    const lists = (key: 'devices' | 'ips' | 'locations') => (Array.isArray(context[key]) ? (context[key] as Array<Record<string, unknown>>) : undefined);
    const devices = lists('devices');
    const ips = lists('ips');
    const locations = lists('locations');
    return {
      outputs: { 'Darktrace.ExternalEndpointDetails': context },
      readable: joinSections(
        renderKeyValue(title, summary, { formatters: { firsttime: minuteCell } }),
        devices &&
          renderTable('Devices that connected to it', devices, {
            headers: ['did', 'hostname', 'ip', 'typelabel', 'lastSeen'],
            formatters: { lastSeen: minuteCell },
            maxRows: MAX_ROWS,
            emptyText: 'No devices have connected to it recently.',
          }),
        ips &&
          renderTable('IP addresses', ips, {
            headers: ['ip', 'firsttime'],
            formatters: { firsttime: minuteCell },
            maxRows: MAX_ROWS,
            emptyText: 'No IP addresses recorded.',
          }),
        locations &&
          renderTable('Locations', locations, {
            headers: ['country', 'city', 'latitude', 'longitude'],
            maxRows: MAX_ROWS,
            emptyText: 'No locations recorded.',
          }),
      ),
      raw: details,
    };
  },
});
