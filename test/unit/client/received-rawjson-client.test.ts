// Issue #14: rawJSON as received, end to end through the real client (HTTP answer -> deferred body
// -> modelBreachesReceived -> the fetch): a compact record keeps the exact text it arrived as,
// escapes (\/, \u, \" before brackets) and number forms (1.0, 1E+2) included; a record with layout
// falls back to JSON.stringify; either way rawJSON parses back to the record.
import { describe, expect, it } from 'vitest';
import { fetchStream } from '../../../src/incidents/fetch-incidents.js';
import { modelBreaches } from '../../../src/incidents/sources/model-breaches.js';
import { useGuardedMockAppliance, type MockAppliance } from './support.js';

let dt: MockAppliance;
useGuardedMockAppliance((m) => (dt = m));

describe('rawJSON through DarktraceClient.modelBreachesReceived', () => {
  it('is the received text of a compact record and the serialised record otherwise, parsing to the record either way', async () => {
    const t = dt.clock.now() - 60_000;
    const compact = `{"pbid":1,"creationTime":${t},"score":0.9,"s":"a\\/b\\\\\\"]},{\\"pbid\\":9}","n":1.0,"e":1E+2,"u":"\\u00e9\\ud83d\\ude00","z":[],"o":{}}`;
    const laidOut = `{"pbid":2, "creationTime":${t + 1},"score":0.9,"x":[1, "]"]}`;
    const tail = `{"pbid":3,"creationTime":${t + 2},"score":0.9,"s":"\\\\"}`;
    dt.answer('GET', 200, `\n[ ${compact} ,\n  ${laidOut},${tail}\t]\n`);
    const r = await fetchStream({
      source: modelBreaches,
      client: dt.client(),
      params: { min_score: 0, max_alerts: 10, first_fetch: '1 hour' },
      lastRun: undefined,
      clock: dt.clock,
      log: { warn: () => undefined },
      firstSliceMs: 24 * 3_600_000,
    });
    expect(dt.requests).toHaveLength(1);
    const raw = r.incidents.map((i) => i.rawJSON);
    expect(raw).toEqual([compact, JSON.stringify(JSON.parse(laidOut)), tail]);
    expect(raw.map((x) => JSON.parse(x) as unknown)).toStrictEqual([compact, laidOut, tail].map((x) => JSON.parse(x) as unknown));
  });
});
