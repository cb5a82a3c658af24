// The job with an in-memory appliance: limits, paging, deduplication, correlation, suspicious
// events and the injected wait, with a manual clock (no sockets, no sleeps).
import { describe, expect, it } from 'vitest';
import { fixedClock, toIso } from '../../../src/clock.js';
import type { ValidationClient } from '../../../src/validation/collect.js';
import { readValidationSettings, type ValidationSettings } from '../../../src/validation/settings.js';
import { advanceTo, runValidation } from '../../../src/validation/validate-action.js';
import { manifestParams } from './manifest-params.js';

const T = Date.parse('2026-03-01T12:00:00Z');

function hit(i: number, fields: Record<string, unknown>, atMs = T + i * 1000) {
  return { _id: `h${i}`, _source: { '@fields': { epochdate: atMs / 1000, ...fields }, '@type': 'conn', '@timestamp': toIso(atMs), '@message': `hit ${i}` } };
}

/** A fake appliance: `hits` answer every search (paged by size/offset), `breaches` every did. */
function fakeClient(o: { hits?: (search: string) => ReturnType<typeof hit>[]; breaches?: number; details?: Record<string, unknown>[] }) {
  const calls: string[] = [];
  const client: ValidationClient = {
    async advancedSearch(q) {
      const all = o.hits?.(q.search) ?? [];
      const offset = Number(q.offset);
      calls.push(`search ${q.search} offset=${offset} size=${q.size}`);
      return { hits: { total: all.length, hits: all.slice(offset, offset + (q.size ?? 50)) } };
    },
    async devices(lookup) {
      calls.push(`devices ${JSON.stringify(lookup)}`);
      return [{ did: 7, ip: '10.0.0.5', hostname: 'h5', typelabel: 'Laptop', vendor: 'Acme' }];
    },
    async details() {
      calls.push('details');
      return { items: o.details ?? [], unreadable: [], received: o.details ?? [] } as never;
    },
    async modelBreaches(q) {
      calls.push(`breaches did=${q.did}`);
      return Array.from({ length: o.breaches ?? 0 }, (_, i) => ({
        pbid: i + 1,
        time: T,
        model: { then: { name: `Model ${i}` } },
        device: { did: 7, ip: '10.0.0.5' },
      }));
    },
  };
  return { client, calls };
}

function settings(over: Partial<ValidationSettings>): ValidationSettings {
  return { ...readValidationSettings(manifestParams()), queryIntervalSec: 300, ...over };
}

describe('runValidation', () => {
  it('limit 10: at most 10 events and, separately, at most 10 alerts, paging by the limit', async () => {
    const many = Array.from({ length: 30 }, (_, i) => hit(i, { src_ip: '10.0.0.5' }));
    const { client, calls } = fakeClient({ hits: () => many, breaches: 30 });
    const clock = fixedClock(T + 3_600_000);
    const r = await runValidation(
      { settings: settings({ useAdvancedSearch: true, limit: 10 }), values: { ips: ['10.0.0.5'], hostnames: [] }, actionTimeMs: T },
      { client, clock, wait: advanceTo(clock) },
    );
    expect(r.events).toHaveLength(10);
    expect(r.alerts).toHaveLength(10);
    expect(r.events.map((e) => e.id)).toEqual(Array.from({ length: 10 }, (_, i) => `hit:h${i}`));
    expect(calls.filter((c) => c.startsWith('search'))[0]).toBe(
      'search @fields.src_ip:("10.0.0.5") OR @fields.dest_ip:("10.0.0.5") OR @fields.source_ip:("10.0.0.5") offset=0 size=10',
    );
  });

  it('pages with offset until a short page, and counts each hit once across windows', async () => {
    const hits = Array.from({ length: 25 }, (_, i) => hit(i, { src_ip: '10.0.0.5' }));
    const { client, calls } = fakeClient({ hits: () => hits });
    const clock = fixedClock(T);
    const r = await runValidation(
      { settings: settings({ useAdvancedSearch: true, limit: 10_000 }), values: { ips: ['10.0.0.5'], hostnames: [] }, actionTimeMs: T },
      { client, clock, wait: advanceTo(clock) },
    );
    expect(r.events).toHaveLength(25);
    expect(r.windows).toHaveLength(2);
    expect(calls.filter((c) => c.startsWith('search'))).toHaveLength(2);
    expect(r.verdict).toBe('pass');
  });

  it('waits for each run with the injected wait: the clock ends at the last run time', async () => {
    const { client } = fakeClient({});
    const clock = fixedClock(T);
    const waited: string[] = [];
    const wait = async (until: number) => {
      waited.push(toIso(until).slice(11, 19));
      clock.set(until);
    };
    const r = await runValidation(
      { settings: settings({ delayMin: 10 }), values: { ips: ['10.0.0.5'], hostnames: [] }, actionTimeMs: T },
      { client, clock, wait },
    );
    expect(waited).toEqual(['12:10:00', '12:15:00']);
    expect(r.verdict).toBe('fail');
  });

  it('correlation runs every correlation_interval over the same span and is reported beside the verdict', async () => {
    const { client, calls } = fakeClient({ hits: (s) => (s.startsWith('@type') ? [hit(99, { note: 'x' })] : []) });
    const clock = fixedClock(T + 3_600_000);
    const r = await runValidation(
      {
        settings: settings({
          useAdvancedSearch: true,
          queryIntervalSec: 30,
          correlationEnabled: true,
          correlationQuery: '@type:notice AND @fields.host:(%HOSTNAMES%)',
          correlationIntervalMin: 5,
        }),
        values: { ips: [], hostnames: ['h5'] },
        actionTimeMs: T,
      },
      { client, clock, wait: advanceTo(clock) },
    );
    expect(r.correlationRuns.map((w) => `${toIso(w.from).slice(11, 16)}-${toIso(w.to).slice(11, 16)}`)).toEqual(['11:55-12:00', '12:00-12:05']);
    expect(calls.filter((c) => c.startsWith('search @type'))).toEqual([
      'search @type:notice AND @fields.host:("h5") offset=0 size=10000',
      'search @type:notice AND @fields.host:("h5") offset=0 size=10000',
    ]);
    expect(r.correlation.map((e) => e.id)).toEqual(['hit:h99']);
    expect(r.verdict).toBe('fail');
  });

  it('save_suspicious_events keeps events about the hosts that no query matched', async () => {
    const matched = hit(1, { src_ip: '10.0.0.5' });
    const other = hit(2, { note: 'mentions 10.0.0.5 elsewhere' });
    const { client } = fakeClient({ hits: (s) => (s.startsWith('@fields') ? [matched] : [matched, other]) });
    const clock = fixedClock(T + 3_600_000);
    const run = (save: boolean) =>
      runValidation(
        { settings: settings({ useAdvancedSearch: true, saveSuspiciousEvents: save }), values: { ips: ['10.0.0.5'], hostnames: [] }, actionTimeMs: T },
        { client, clock, wait: advanceTo(clock) },
      );
    expect((await run(true)).suspicious.map((e) => e.id)).toEqual(['hit:h2']);
    expect((await run(false)).suspicious).toEqual([]);
  });

  it('legacy path: device events naming the host match; the others are suspicious only when asked', async () => {
    const details = [
      { timems: T, eventType: 'connection', sourceDevice: { ip: '10.0.0.5' }, uid: 'a' },
      { timems: T, eventType: 'notice', msg: 'no address in it', uid: 'b' },
    ];
    const { client } = fakeClient({ details });
    const clock = fixedClock(T + 3_600_000);
    const r = await runValidation(
      { settings: settings({ saveSuspiciousEvents: true }), values: { ips: ['10.0.0.5'], hostnames: [] }, actionTimeMs: T },
      { client, clock, wait: advanceTo(clock) },
    );
    expect(r.events.map((e) => [e.event_type, e.matched_by, e.product])).toEqual([['connection', 'device events', 'Laptop (Acme)']]);
    expect(r.suspicious.map((e) => e.description)).toEqual(['no address in it']);
  });

  it('refuses a job about nobody', async () => {
    const { client } = fakeClient({});
    const clock = fixedClock(T);
    await expect(
      runValidation({ settings: settings({}), values: { ips: [], hostnames: [] }, actionTimeMs: T }, { client, clock, wait: advanceTo(clock) }),
    ).rejects.toMatchObject({ code: 'DT_ARG_INVALID', argument: 'ips' });
  });
});
