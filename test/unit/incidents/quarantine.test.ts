// The quarantine file: one JSON line per record, 0600, the record as received (or a safe form),
// deduplicated by content across runs, and a clear DeliveryError when it cannot be written.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/errors.js';
import { appendQuarantine, readQuarantineKeys, safeForm, type QuarantinedRecord } from '../../../src/incidents/quarantine.js';
import { tempDir } from '../../helpers/run-cli.js';

const NOW = '2026-03-01T12:00:00.000Z';
const entry = (record: unknown, field = 'creationTime', reason = 'creationTime is missing'): QuarantinedRecord => ({ reason, field, pbid: '7', record });

describe('quarantine file', () => {
  it('writes one line per record with reason, field, pbid and the record as received; 0600', () => {
    const path = join(tempDir(), 'state.json.quarantine.jsonl');
    const record = { pbid: 7, creationTime: null, extra: { kept: ['as', 'is'] } };
    const written = appendQuarantine(path, [entry(record)], readQuarantineKeys(path), NOW);
    expect(written).toHaveLength(1);
    const lines = readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { quarantinedAt: NOW, reason: 'creationTime is missing', field: 'creationTime', pbid: '7', key: expect.stringMatching(/^[0-9a-f]{32}$/), record },
    ]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('does not write a record twice, also across runs (keys read back from the file)', () => {
    const path = join(tempDir(), 'q.jsonl');
    const a = { pbid: 'x' };
    const b = { pbid: 'y' };
    appendQuarantine(path, [entry(a), entry(a)], readQuarantineKeys(path), NOW);
    const again = appendQuarantine(path, [entry(a), entry(b)], readQuarantineKeys(path), NOW);
    expect(again.map((q) => q.record)).toEqual([b]);
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('fails as a DeliveryError naming the file, and forgets the keys it could not write', () => {
    const dir = tempDir();
    const path = join(dir, 'q.jsonl');
    mkdirSync(path);
    const known = new Set<string>();
    expect(() => appendQuarantine(path, [entry({ pbid: 1 })], known, NOW)).toThrow(DeliveryError);
    expect(() => appendQuarantine(path, [entry({ pbid: 1 })], known, NOW)).toThrow(
      /cannot write the quarantine file .*q\.jsonl: it is a directory, not a file \(EISDIR\)/,
    );
    expect(known.size).toBe(0);
  });

  it('safeForm cuts deep nesting so that the line can always be written', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 50_000; i++) deep = { d: deep };
    const safe = safeForm({ pbid: 1, deep });
    expect(JSON.stringify(safe).length).toBeLessThan(1_000);
    expect(JSON.stringify(safe)).toContain('[truncated: nested deeper than 32 levels]');
  });
});
