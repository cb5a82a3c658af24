import { describe, expect, it } from 'vitest';
import {
  DETAILS_FIELD_MAP,
  deviceProduct,
  mergeFieldMap,
  normalizeAlert,
  normalizeEvent,
  normalizeHit,
  SEARCH_FIELD_MAP,
} from '../../../src/validation/field-map.js';
import { readValidationSettings } from '../../../src/validation/settings.js';
import { ConfigError } from '../../../src/errors.js';
import { manifestParams } from './manifest-params.js';

const custom = mergeFieldMap(SEARCH_FIELD_MAP, { description: ['msg_s', 'SyslogMessage'] });

describe('custom field map {"description": ["msg_s", "SyslogMessage"]}', () => {
  it.each([
    { name: 'both columns: the first listed wins', fields: { msg_s: 'from msg_s', SyslogMessage: 'from syslog' }, want: 'from msg_s' },
    { name: 'only the second column', fields: { SyslogMessage: 'from syslog' }, want: 'from syslog' },
    { name: 'the first column empty: the next present one', fields: { msg_s: '', SyslogMessage: 'from syslog' }, want: 'from syslog' },
    { name: 'neither column: empty, not an error', fields: { other: 'x' }, want: '' },
  ])('$name', ({ fields, want }) => {
    const hit = { _id: 'a', _source: { '@fields': fields, '@type': 'syslog', '@timestamp': '2026-03-01T11:59:00', '@message': 'default message' } };
    expect(normalizeHit(hit, custom).description).toBe(want);
  });

  it('a map naming a column that never exists leaves that field empty and the others mapped', () => {
    const map = mergeFieldMap(DETAILS_FIELD_MAP, { user: ['no_such_column'], host: ['sourceDevice.nope.deeper'] });
    const event = normalizeEvent({ timems: 1772366100000, eventType: 'connection', sourceDevice: { ip: '10.0.0.5', hostname: 'laptop-5' } }, map);
    expect(event).toMatchObject({ user: '', host: '', src_ip: '10.0.0.5', event_type: 'connection', time: '2026-03-01T11:55:00.000Z' });
  });
});

describe('default maps', () => {
  it('a /details connection', () => {
    const raw = {
      time: '2026-03-01 11:52:00',
      timems: 1772365920000,
      action: 'connection',
      eventType: 'connection',
      sourceDevice: { ip: '10.0.0.5', hostname: 'laptop-5.corp.example' },
      destinationDevice: { ip: '10.0.0.2', hostname: 'dc01.corp.example' },
      source: '10.0.0.5',
      destination: 'dc01.corp.example',
    };
    const { raw: kept, ...event } = normalizeEvent(raw, DETAILS_FIELD_MAP, { timeAdjustmentSec: -30 });
    expect(event).toEqual({
      time: '2026-03-01T11:51:30.000Z',
      src_ip: '10.0.0.5',
      dest_ip: '10.0.0.2',
      src_host: 'laptop-5.corp.example',
      dest_host: 'dc01.corp.example',
      host: 'laptop-5.corp.example',
      user: '',
      description: 'connection',
      product: '',
      event_type: 'connection',
    });
    expect(kept).toBe(raw);
  });

  it('an advanced-search hit: epochdate in seconds, @type as event type, discovered product', () => {
    const hit = {
      _id: 'x',
      _source: {
        '@fields': { src_ip: '10.0.0.5', dest_ip: '10.0.0.2', host: 'laptop-5', epochdate: 1772366400.5 },
        '@type': 'dns',
        '@timestamp': 'ignored',
        '@message': 'm',
      },
    };
    expect(normalizeHit(hit, SEARCH_FIELD_MAP, { product: 'Laptop (Apple, Inc.)' })).toMatchObject({
      time: '2026-03-01T12:00:00.500Z',
      src_ip: '10.0.0.5',
      dest_ip: '10.0.0.2',
      host: 'laptop-5',
      event_type: 'dns',
      description: 'm',
      product: 'Laptop (Apple, Inc.)',
    });
  });

  it('a model breach becomes an alert with the model name as description', () => {
    const breach = {
      pbid: 1,
      time: 1772326800000,
      model: { then: { name: 'Device::Attack and Recon Tools' } },
      device: { did: 1428, ip: '10.0.0.5', hostname: 'laptop-5' },
    };
    expect(normalizeAlert(breach, { timeAdjustmentSec: 60 })).toMatchObject({
      event_type: 'alert',
      description: 'Device::Attack and Recon Tools',
      src_ip: '10.0.0.5',
      host: 'laptop-5',
      time: '2026-03-01T01:01:00.000Z',
    });
  });

  it.each([
    { name: 'type and vendor', device: { typelabel: 'Laptop', vendor: 'Apple, Inc.' }, want: 'Laptop (Apple, Inc.)' },
    { name: 'type only', device: { typelabel: 'Server', vendor: '' }, want: 'Server' },
    { name: 'neither', device: {}, want: '' },
  ])('device product: $name', ({ device, want }) => expect(deviceProduct(device)).toBe(want));
});

describe('validation settings', () => {
  it('defaults of the issue, declared in integration.yml only', () => {
    expect(readValidationSettings(manifestParams())).toMatchObject({
      useAdvancedSearch: false,
      queryTimeMin: 5,
      delayMin: 0,
      queryIntervalSec: 30,
      discoverDevices: true,
      limit: 10_000,
    });
  });

  it('lists every bad entry at once', () => {
    let caught: unknown;
    try {
      readValidationSettings(manifestParams({ custom_queries: [{ name: 'x' }], field_map: { descr: ['a'], host: [1] }, correlation_enabled: true }));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems.map((p) => p.parameter)).toEqual(['custom_queries', 'field_map', 'field_map', 'correlation_query']);
  });
});
