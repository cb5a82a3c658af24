// Every argument of every Admin command gets at least one invalid value: the dispatcher refuses it
// with DT_ARG_INVALID (exit 2) naming the argument and the accepted form, before any client exists.
import { describe, expect, it } from 'vitest';
import { dispatcher, expectRefused, uncoveredArguments } from './argument-table.js';

const VALID: Record<string, Record<string, string>> = {
  'darktrace-get-similar-devices': { did: '1', max_results: '2' },
  'darktrace-get-external-endpoint-details': { endpoint_type: 'hostname', endpoint_value: 'cats.com', devices: 'true', additional_info: 'true', score: 'true' },
  'darktrace-get-device-connection-info': {
    did: '1',
    data_type: 'co',
    external_domain: 'example.com',
    destination_did: '2',
    show_all_graph_data: 'false',
    num_similar_devices: '1',
    full_device_details: 'true',
  },
  'darktrace-run-advanced-search-analysis': {
    initialDate: '2026-03-01',
    initialTime: '11:00:00',
    endDate: '2026-03-01',
    endTime: '12:00:00',
    query: '@type:conn',
    operation: 'terms',
    metric: '@fields.dest_port',
    offset: '0',
  },
  'darktrace-post-to-watched-list': { endpointsToWatch: 'evil.example,203.0.113.9', description: 'From incident 42' },
  'darktrace-get-tagged-devices': { tagName: 'Admin' },
  'darktrace-get-tags-for-device': { deviceId: '2540' },
  'darktrace-post-tag-to-device': { deviceId: '1501', tagName: 'Active Threat' },
};

const D = 'darktrace-';
const ROWS: Array<{ command: string; arg: string; value: string; form: string; also?: Record<string, string> }> = [
  { command: `${D}get-similar-devices`, arg: 'did', value: '0', form: 'expected a positive integer, got "0"' },
  { command: `${D}get-similar-devices`, arg: 'max_results', value: '1000', form: 'expected an integer from 1 to 500' },
  { command: `${D}get-external-endpoint-details`, arg: 'endpoint_type', value: 'url', form: 'expected one of IP, hostname' },
  {
    command: `${D}get-external-endpoint-details`,
    arg: 'endpoint_value',
    value: 'cats..com',
    form: 'expected a host name such as host.example.com because endpoint_type is hostname',
  },
  {
    command: `${D}get-external-endpoint-details`,
    arg: 'endpoint_value',
    value: '999.1.1.1',
    form: 'expected an IPv4 or IPv6 address because endpoint_type is IP',
    also: { endpoint_type: 'IP' },
  },
  { command: `${D}get-external-endpoint-details`, arg: 'devices', value: 'maybe', form: 'expected true, false, yes or no' },
  { command: `${D}get-external-endpoint-details`, arg: 'additional_info', value: '2', form: 'expected true, false, yes or no' },
  { command: `${D}get-external-endpoint-details`, arg: 'score', value: 'on', form: 'expected true, false, yes or no' },
  { command: `${D}get-device-connection-info`, arg: 'did', value: '-1', form: 'expected a positive integer' },
  { command: `${D}get-device-connection-info`, arg: 'data_type', value: 'bytes', form: 'expected one of co, sizeout, sizein, got "bytes"' },
  { command: `${D}get-device-connection-info`, arg: 'external_domain', value: 'not a domain', form: 'expected a host name' },
  { command: `${D}get-device-connection-info`, arg: 'destination_did', value: '1.5', form: 'expected a positive integer' },
  { command: `${D}get-device-connection-info`, arg: 'show_all_graph_data', value: 'all', form: 'expected true, false, yes or no' },
  { command: `${D}get-device-connection-info`, arg: 'num_similar_devices', value: '-3', form: 'expected an integer from 0 to 100' },
  { command: `${D}get-device-connection-info`, arg: 'full_device_details', value: 'full', form: 'expected true, false, yes or no' },
  { command: `${D}run-advanced-search-analysis`, arg: 'initialDate', value: '2026-02-30', form: 'expected a date as YYYY-MM-DD' },
  { command: `${D}run-advanced-search-analysis`, arg: 'initialTime', value: '24:00:00', form: 'expected a time as HH:MM:SS' },
  { command: `${D}run-advanced-search-analysis`, arg: 'endDate', value: '01/03/2026', form: 'expected a date as YYYY-MM-DD' },
  { command: `${D}run-advanced-search-analysis`, arg: 'endDate', value: '2026-02-28', form: 'not before initialDate 2026-03-01' },
  { command: `${D}run-advanced-search-analysis`, arg: 'endTime', value: '10:59:59', form: 'not before initialTime 11:00:00 on the same date' },
  { command: `${D}run-advanced-search-analysis`, arg: 'endTime', value: '12:60:00', form: 'expected a time as HH:MM:SS' },
  { command: `${D}run-advanced-search-analysis`, arg: 'query', value: 'x'.repeat(2001), form: 'expected text of at most 2000 characters' },
  { command: `${D}run-advanced-search-analysis`, arg: 'operation', value: 'sum', form: 'expected one of score, trend, terms, mean' },
  { command: `${D}run-advanced-search-analysis`, arg: 'metric', value: 'm'.repeat(201), form: 'expected text of at most 200 characters' },
  { command: `${D}run-advanced-search-analysis`, arg: 'offset', value: '-10', form: 'expected an integer of at least 0' },
  { command: `${D}post-to-watched-list`, arg: 'endpointsToWatch', value: 'evil.example,bad host,1.2.3.4', form: '"bad host" is not' },
  { command: `${D}post-to-watched-list`, arg: 'description', value: 'd'.repeat(256), form: 'expected text of at most 255 characters' },
  { command: `${D}get-tagged-devices`, arg: 'tagName', value: 't'.repeat(129), form: 'expected text of at most 128 characters' },
  { command: `${D}get-tags-for-device`, arg: 'deviceId', value: 'abc', form: 'expected a positive integer, got "abc"' },
  { command: `${D}post-tag-to-device`, arg: 'deviceId', value: '0', form: 'expected a positive integer' },
  { command: `${D}post-tag-to-device`, arg: 'tagName', value: 't'.repeat(129), form: 'expected text of at most 128 characters' },
];

describe('Admin command arguments', () => {
  it('the valid lines pass', () => {
    for (const [command, args] of Object.entries(VALID)) expect(dispatcher.prepare(command, args).declaration.name).toBe(command);
  });

  it('every argument of every Admin command has an invalid row', () => {
    expect(uncoveredArguments(VALID, ROWS)).toEqual([]);
  });

  it.each(ROWS.map((r) => ({ ...r, name: `${r.command} ${r.arg}=${r.value.slice(0, 20)}` })))('$name', ({ command, arg, value, form, also }) => {
    expectRefused(command, { ...VALID[command], ...also, [arg]: value }, arg, form);
  });
});
