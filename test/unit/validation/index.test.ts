// The entry point the validation commands and the CLI job call: settings from the instance
// parameters (the manifest's defaults), checked host values, and the set-up done once.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { ArgumentError, ConfigError } from '../../../src/errors.js';
import type { ValidationClient } from '../../../src/validation/collect.js';
import { advanceTo, collectDeviceEvents, collectForHosts, planValidation } from '../../../src/validation/index.js';
import { packagePath } from '../../../src/paths.js';
import { manifestParams } from './manifest-params.js';

const T = Date.parse('2026-03-01T12:00:00Z');
const MINUTE = 60_000;

function fakeClient(details: Record<string, unknown>[] = []) {
  const calls: string[] = [];
  const client: ValidationClient = {
    async advancedSearch(q) {
      calls.push(`search ${q.search}`);
      return { hits: { total: 1, hits: [{ _id: 'h1', _source: { '@fields': { epochdate: T / 1000, src_ip: '10.0.0.5' }, '@type': 'conn' } }] } };
    },
    async devices(lookup) {
      calls.push(`devices ${JSON.stringify(lookup)}`);
      return [{ did: 7, ip: '10.0.0.5', hostname: 'h5', typelabel: 'Laptop', vendor: 'Acme' }];
    },
    async details(q) {
      calls.push(`details did=${q.did} from=${q.startTime} to=${q.endTime}`);
      return { items: details, unreadable: [], received: details } as never;
    },
    async modelBreaches() {
      calls.push('breaches');
      return [];
    },
  };
  return { client, calls };
}

const detailsEvents = (n: number) => Array.from({ length: n }, (_, i) => ({ time: T + i, sourceIP: '10.0.0.5', destIP: '10.0.0.9', eventType: 'connection' }));

describe('collectForHosts (darktrace-search-events)', () => {
  it.each([
    {
      name: 'the instance path: devices and details',
      params: {},
      query: undefined,
      want: ['devices {"ip":"10.0.0.5"}', `details did=7 from=${T} to=${T + MINUTE}`, 'breaches'],
    },
    {
      name: 'advanced search when the instance says so',
      params: { use_advanced_search: true },
      query: undefined,
      want: ['devices {"ip":"10.0.0.5"}', 'search @fields.src_ip:("10.0.0.5") OR @fields.dest_ip:("10.0.0.5") OR @fields.source_ip:("10.0.0.5")', 'breaches'],
    },
    { name: 'advanced search when a query is given', params: {}, query: 'x:1', want: ['devices {"ip":"10.0.0.5"}', 'search x:1', 'breaches'] },
  ])('$name', async ({ params, query, want }) => {
    const { client, calls } = fakeClient(detailsEvents(1));
    const found = await collectForHosts(client, manifestParams(params), {
      ips: ['10.0.0.5'],
      hostnames: [],
      query,
      range: { from: T, to: T + MINUTE },
      context: 'darktrace-search-events',
    });
    expect(calls).toEqual(want);
    expect(found.events).toHaveLength(1);
  });

  it('a given limit replaces the instance limit', async () => {
    const { client } = fakeClient(detailsEvents(5));
    const found = await collectForHosts(client, manifestParams({ limit: 4 }), {
      ips: ['10.0.0.5'],
      hostnames: [],
      limit: 2,
      range: { from: T, to: T + MINUTE },
      context: 'c',
    });
    expect(found.events).toHaveLength(2);
  });

  it('a hostile host value is refused naming the command, before any request', async () => {
    const { client, calls } = fakeClient();
    const run = collectForHosts(client, manifestParams(), {
      ips: ['10.0.0.5) OR (x'],
      hostnames: [],
      range: { from: T, to: T },
      context: 'darktrace-search-events',
    });
    await expect(run).rejects.toBeInstanceOf(ArgumentError);
    await expect(run).rejects.toThrow('argument ips of darktrace-search-events');
    expect(calls).toEqual([]);
  });
});

describe('collectDeviceEvents (darktrace-get-device-events)', () => {
  it('normalizes at most the instance limit of events, with the device as product', async () => {
    const { client, calls } = fakeClient(detailsEvents(3));
    const found = await collectDeviceEvents(client, manifestParams({ limit: 2 }), {
      device: { ip: '10.0.0.5' },
      range: { from: T, to: T + MINUTE },
      eventType: 'connection',
    });
    expect(found.did).toBe(7);
    expect(found.events.map((e) => [e.src_ip, e.product])).toEqual([
      ['10.0.0.5', 'Laptop (Acme)'],
      ['10.0.0.5', 'Laptop (Acme)'],
    ]);
    expect(calls).toEqual(['devices {"ip":"10.0.0.5"}', `details did=7 from=${T} to=${T + MINUTE}`]);
  });
});

describe('planValidation (darktrace-validate-action, validate)', () => {
  it('schedules from the manifest defaults (5 minutes each side, every 30 s) unless overridden', () => {
    const request = { ips: ['10.0.0.5'], hostnames: [], actionTimeMs: T, context: 'validate' };
    expect(planValidation(manifestParams(), request).runAts).toHaveLength(11);
    expect(planValidation(manifestParams(), { ...request, overrides: { queryIntervalSec: 300 } }).runAts).toEqual([T, T + 5 * MINUTE]);
  });

  it('runs the whole job to a verdict', async () => {
    const { client } = fakeClient(detailsEvents(1));
    const clock = fixedClock(T);
    const plan = planValidation(manifestParams({ query_interval: 300 }), { ips: ['10.0.0.5'], hostnames: [], actionTimeMs: T, context: 'validate' });
    const result = await plan.run({ client, clock, wait: advanceTo(clock) });
    expect(result.verdict).toBe('pass');
    expect(result.path).toBe('devices and details');
  });

  it.each([
    { name: 'no instance parameters', params: undefined, parameter: 'params' },
    { name: 'correlation on without a query', params: manifestParams({ correlation_enabled: true }), parameter: 'correlation_query' },
  ])('refuses $name with ConfigError before anything runs', ({ params, parameter }) => {
    let caught: unknown;
    try {
      planValidation(params, { ips: ['10.0.0.5'], hostnames: [], actionTimeMs: T, context: 'validate' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems.map((p) => p.parameter)).toEqual([parameter]);
  });
});

describe('the one door', () => {
  it('commands and the CLI import validation/ only through its index', () => {
    const callers = ['commands', 'cli', 'api'].flatMap((dir) =>
      readdirSync(packagePath('src', dir))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(dir, f)),
    );
    const behind = callers.flatMap((file) =>
      [...readFileSync(packagePath('src', file), 'utf8').matchAll(/from '\.\.\/validation\/([^']+)'/g)]
        .map((m) => m[1])
        .filter((target) => target !== 'index.js')
        .map((target) => `${file} -> validation/${target}`),
    );
    expect(callers.length).toBeGreaterThan(20);
    expect(behind).toEqual([]);
  });
});
