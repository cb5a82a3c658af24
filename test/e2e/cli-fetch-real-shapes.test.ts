// Issue #11 through the compiled CLI: an appliance started here answers /modelbreaches with the
// recorded real shapes (test_data/real, helpers/breach-corpus.ts) and their one-field mutations,
// windowed on creationTime like the appliance. Repeated `fetch --out` cycles with max_alerts 150
// deliver every breach with a pbid and creation time exactly once; the rest are in the quarantine
// file with a reason, once each, and named on stderr.
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { mutants, recordedShapes } from '../helpers/breach-corpus.js';
import { pbidsOfLines } from '../helpers/fetch-scenario.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

const NOW = systemClock.now();
const START = NOW - 3_600_000;
const UNDELIVERABLE = /: (pbid (null|removed)|creationTime (null|removed)|pbid a fraction|creationTime 1e300|deep nesting)$/;
type Rec = Record<string, unknown>;

// Every shape with its removed/null/string variants, but not the deep-nesting one: the appliance
// started here serialises its answer with JSON.stringify, which is exactly what that record breaks
// (poll-isolation.test.ts sends one as raw text).
const cases = mutants(recordedShapes())
  .filter((m) => !m.name.endsWith('deep nesting'))
  .map((m, i) => {
    const r: Rec = { ...m.record };
    const pbid = 500_000 + i;
    const created = START + Math.floor(i / 4) * 1_000;
    if (typeof r.pbid === 'number') r.pbid = Number.isInteger(r.pbid) ? pbid : pbid + 0.5;
    else if (typeof r.pbid === 'string') r.pbid = String(pbid);
    if (typeof r.creationTime === 'number' && r.creationTime < 1e15) r.creationTime = created;
    else if (typeof r.creationTime === 'string') r.creationTime = String(created);
    return { name: m.name, pbid, record: r };
  });

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const start = Number(q.get('starttime') ?? 0);
    const end = Number(q.get('endtime') ?? Infinity);
    const answer = cases
      .map((c) => c.record)
      .filter((r) => {
        const c = typeof r.creationTime === 'number' || typeof r.creationTime === 'string' ? Number(r.creationTime) : NaN;
        return !Number.isFinite(c) || c > 1e15 || (c >= start && c <= end);
      })
      .reverse();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('fetch over recorded real shapes and their mutations', () => {
  it('delivers every breach with a pbid and creation time exactly once; quarantines the rest once', async () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const out = join(dir, 'out.jsonl');
    const env = {
      DARKTRACE_URL: url,
      DARKTRACE_PUBLIC_API_TOKEN: 'public-token-real',
      DARKTRACE_PRIVATE_API_TOKEN: 'private-token-real',
      DARKTRACE_ISFETCH: 'true',
      DARKTRACE_MIN_SCORE: '0',
      DARKTRACE_MAX_ALERTS: '150',
      DARKTRACE_FIRST_FETCH: '2 hours',
      DARKTRACE_SOAR_RETRIES: '0',
    };
    let stderr = '';
    for (let cycle = 0; cycle < 200; cycle++) {
      const before = readFileSafe(out);
      const run = await runCli(['fetch', '--state', state, '--out', out], { env });
      expect(run.code, run.stderr).toBe(0);
      stderr += run.stderr;
      if (readFileSafe(out) === before && cycle > 0) break;
    }
    const want = cases.filter((c) => !UNDELIVERABLE.test(c.name));
    const delivered = pbidsOfLines(readFileSync(out, 'utf8'));
    expect(new Set(delivered).size).toBe(delivered.length);
    expect([...delivered].sort()).toEqual(want.map((c) => c.pbid).sort());
    const quarantined = readFileSync(`${state}.quarantine.jsonl`, 'utf8').split('\n').filter(Boolean);
    expect(quarantined).toHaveLength(cases.length - want.length);
    const warnings = stderr.split('\n').filter((l) => l.includes('"msg":"model breach quarantined"'));
    expect(warnings).toHaveLength(quarantined.length);
    for (const w of warnings) expect(JSON.parse(w)).toMatchObject({ field: expect.stringMatching(/^(pbid|creationTime)$/), reason: expect.any(String) });
    expect(stderr).not.toContain('internal error');
  }, 120_000);
});

function readFileSafe(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}
