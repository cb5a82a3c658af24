// The checkpoint file and the --out file: atomic replace, corrupt -> StateError (never a fresh
// start), and the out file cut back to what the checkpoint covers.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeliveryError, StateError } from '../../../src/errors.js';
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

describe('file safety (issue #12, point 9)', () => {
  it('creates the checkpoint and the out file 0600, through an unpredictable temporary name', () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const out = join(dir, 'out.jsonl');
    // A planted link at the old predictable name must be neither followed nor touched.
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(dir, `.state.json.${process.pid}.tmp`));
    writeCheckpointFile(state, good);
    appendDurably(out, 'x\n');
    expect(statSync(state).mode & 0o777).toBe(0o600);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readdirSync(dir).sort()).toEqual(['.state.json.' + process.pid + '.tmp', 'out.jsonl', 'state.json', 'victim'].sort());
  });

  it('refuses to write a checkpoint its own reader would reject, and keeps the old one', () => {
    const path = join(tempDir(), 'state.json');
    writeCheckpointFile(path, good);
    const bad = { ...good, recent: [{ pbid: 5.5, creationTimeMs: 1 }] };
    expect(() => writeCheckpointFile(path, bad)).toThrow(StateError);
    expect(() => writeCheckpointFile(path, { ...good, creationTimeMs: 1e300 })).toThrow(/would not be valid \(creationTimeMs:/);
    expect(readCheckpointFile(path)).toEqual(good);
  });

  it.each([
    {
      name: 'checkpoint in a missing folder',
      run: (d: string) => writeCheckpointFile(join(d, 'nope', 'state.json'), good),
      cls: StateError,
      want: /cannot write the fetch checkpoint .*nope\/state\.json: no such file or directory \(ENOENT\)/,
    },
    {
      name: 'checkpoint that is a folder',
      run: (d: string) => (mkdirSync(join(d, 'state.json')), readCheckpointFile(join(d, 'state.json'))),
      cls: StateError,
      want: /cannot read the fetch checkpoint .*state\.json: it is a directory, not a file \(EISDIR\)/,
    },
    {
      name: 'out file that is a folder',
      run: (d: string) => (mkdirSync(join(d, 'out.jsonl')), appendDurably(join(d, 'out.jsonl'), 'x\n')),
      cls: DeliveryError,
      want: /cannot open the output file .*out\.jsonl: it is a directory, not a file \(EISDIR\); nothing was counted as delivered/,
    },
    {
      name: 'out file on a full disk',
      run: () => appendDurably('/dev/full', 'x\n'),
      cls: DeliveryError,
      want: /cannot write the output file \/dev\/full: no space left on the device \(ENOSPC\)/,
    },
  ])('a local file error names the file and the errno: $name', ({ run, cls, want }) => {
    const dir = tempDir();
    let caught: unknown;
    try {
      run(dir);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(cls);
    expect((caught as Error).message).toMatch(want);
  });
});
