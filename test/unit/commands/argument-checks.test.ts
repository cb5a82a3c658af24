// The rules integration.yml cannot express live in each handler's `check`. Every one of them is
// refused here through the real dispatcher with DT_ARG_INVALID, naming the argument, before any
// client exists; and the nearest valid value passes the check.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { handlers } from '../../../src/commands/index.js';
import { CommandDispatcher } from '../../../src/dispatch/dispatcher.js';
import { ArgumentError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log.js';
import { loadManifest } from '../../../src/manifest/load.js';

const dispatcher = new CommandDispatcher({
  manifest: loadManifest(),
  handlers,
  client: () => {
    throw new Error('no client may be made while preparing');
  },
  clock: fixedClock('2026-03-01T12:00:00Z'),
  log: createLogger({ level: 'silent' }),
});

const D = 'darktrace-';
const WINDOW = { initialDate: '2026-03-01', endDate: '2026-03-01', query: 'x', metric: 'm' };

describe.each<{ name: string; command: string; bad: Record<string, string>; good: Record<string, string>; message: string }>([
  {
    name: 'seen_since in the appliance offset form',
    command: `${D}get-devices`,
    bad: { seen_since: 'last week' },
    good: { seen_since: '7days' },
    message: `argument seen_since of ${D}get-devices: expected an offset such as 7days, 1hour or 30min`,
  },
  {
    name: 'a model UUID',
    command: `${D}get-model`,
    bad: { uuid: 'not-a-uuid' },
    good: { uuid: '80010119-6d7f-0000-0305-5e0000000185' },
    message: `argument uuid of ${D}get-model: expected a model UUID (8-4-4-4-12 hex digits) such as 80010119-6d7f-0000-0305-5e0000000185`,
  },
  {
    name: 'did or ip, not both',
    command: `${D}get-device-events`,
    bad: { did: '1', ip: '10.0.0.5' },
    good: { did: '1' },
    message: `argument did of ${D}get-device-events: give either did or ip, not both`,
  },
  {
    name: 'did or ip, not neither',
    command: `${D}get-device-events`,
    bad: {},
    good: { ip: '10.0.0.5' },
    message: `argument did of ${D}get-device-events: give either did or ip, not both`,
  },
  {
    name: 'at least one IP address or host name',
    command: `${D}search-events`,
    bad: { query: 'x' },
    good: { hostnames: 'a.example' },
    message: `argument ips of ${D}search-events: give at least one IP address or host name`,
  },
  {
    name: 'endpoint_value of the form endpoint_type says',
    command: `${D}get-external-endpoint-details`,
    bad: { endpoint_type: 'IP', endpoint_value: 'cats.com' },
    good: { endpoint_type: 'IP', endpoint_value: '203.0.113.9' },
    message: `argument endpoint_value of ${D}get-external-endpoint-details: expected an IPv4 or IPv6 address because endpoint_type is IP, got "cats.com"`,
  },
  {
    name: 'watched endpoints are IP addresses or host names',
    command: `${D}post-to-watched-list`,
    bad: { endpointsToWatch: 'evil.example,not a host' },
    good: { endpointsToWatch: 'evil.example,203.0.113.9' },
    message: `argument endpointsToWatch of ${D}post-to-watched-list: every entry must be an IP address, a host name or a domain such as evil.example; "not a host" is not`,
  },
  {
    name: 'an end date not before the initial date',
    command: `${D}run-advanced-search-analysis`,
    bad: { ...WINDOW, endDate: '2026-02-28' },
    good: WINDOW,
    message: `argument endDate of ${D}run-advanced-search-analysis: expected a date as YYYY-MM-DD not before initialDate 2026-03-01, got "2026-02-28"`,
  },
  {
    name: 'an end time not before the initial time on the same date',
    command: `${D}run-advanced-search-analysis`,
    bad: { ...WINDOW, initialTime: '12:00:00', endTime: '11:00:00' },
    good: { ...WINDOW, initialTime: '11:00:00', endTime: '12:00:00' },
    message: `argument endTime of ${D}run-advanced-search-analysis: expected a time as HH:MM:SS not before initialTime 12:00:00 on the same date, got "11:00:00"`,
  },
])('check: $name', ({ command, bad, good, message }) => {
  it('refuses the bad value with DT_ARG_INVALID', () => {
    let thrown: unknown;
    try {
      dispatcher.prepare(command, bad);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ArgumentError);
    expect(thrown).toMatchObject({ code: 'DT_ARG_INVALID', exitCode: 2, message });
  });

  it('accepts the nearest good value', () => {
    expect(dispatcher.prepare(command, good).declaration.name).toBe(command);
  });
});
