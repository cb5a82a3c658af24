// The checkpoint file and the --out file: atomic replace, corrupt -> StateError (never a fresh
// start), and the out file cut back to what the checkpoint covers.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateError } from '../../../src/errors.js';
import { CHECKPOINT_VERSION, type Checkpoint } from '../../../src/fetch/checkpoint.js';
import { appendDurably, prepareOutFile, readCheckpointFile, writeCheckpointFile } from '../../../src/fetch/state-file.js';
import { tempDir } from '../../helpers/run-cli.js';

const good: Checkpoint = { version: CHECKPOINT_VERSION, creationTimeMs: 1772366400000, recent: [{ pbid: 5, creationTimeMs: 1772366400000 }], outBytes: 12 };

describe('checkpoint file', () => {
  it('round-trips and leaves no temporary file behind', () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    expect(readCheckpointFile(path)).toBeUndefined();
    writeCheckpointFile(path, good);
    writeCheckpointFile(path, { ...good, creationTimeMs: good.creationTimeMs + 1 });
    expect(readCheckpointFile(path)).toEqual({ ...good, creationTimeMs: good.creationTimeMs + 1 });
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it.each([
    { name: 'empty file', text: '', want: /not valid JSON \(the file is empty\)/ },
    { name: 'truncated JSON', text: '{"version":1,"creationTi', want: /not valid JSON \(it is truncated or was edited\)/ },
    { name: 'a future version', text: JSON.stringify({ ...good, version: 2 }), want: /its version is 2, this darktrace-soar reads version 1/ },
    { name: 'seconds-like negative time', text: JSON.stringify({ ...good, creationTimeMs: -1 }), want: /creationTimeMs:/ },
    { name: 'recent not a list', text: JSON.stringify({ ...good, recent: {} }), want: /recent:/ },
    { name: 'unknown key', text: JSON.stringify({ ...good, lastFetch: 1 }), want: /not valid/ },
  ])('a corrupt checkpoint ($name) is a StateError, not a fresh start', ({ text, want }) => {
    const path = join(tempDir(), 'state.json');
    writeFileSync(path, text);
    let caught: unknown;
    try {
      readCheckpointFile(path);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StateError);
    expect((caught as StateError).code).toBe('DT_STATE_INVALID');
    expect((caught as StateError).exitCode).toBe(2);
    expect((caught as Error).message).toMatch(want);
    expect((caught as Error).message).toContain('delete it to fetch again from first_fetch');
  });
});

describe('out file', () => {
  it('appends durably and is cut back to the committed length on restart', () => {
    const path = join(tempDir(), 'out.jsonl');
    expect(prepareOutFile(path, undefined)).toBe(0);
    const committed = appendDurably(path, 'one\n');
    expect(committed).toBe(4);
    appendDurably(path, 'two (never committed)\n');
    expect(prepareOutFile(path, committed)).toBe(4);
    expect(readFileSync(path, 'utf8')).toBe('one\n');
  });

  it('refuses a file shorter than the checkpoint says', () => {
    const path = join(tempDir(), 'out.jsonl');
    writeFileSync(path, 'ab');
    expect(() => prepareOutFile(path, 10)).toThrow(/holds 2 bytes but the fetch checkpoint says 10/);
    expect(existsSync(path)).toBe(true);
  });
});
