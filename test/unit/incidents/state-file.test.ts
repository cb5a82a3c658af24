// The checkpoint file and the --out file: atomic replace, corrupt -> StateError (never a fresh
// start), and the out file cut back to what the checkpoint covers.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeliveryError, StateError } from '../../../src/errors.js';
import { CHECKPOINT_VERSION, type Checkpoint } from '../../../src/incidents/checkpoint.js';
import { modelBreaches } from '../../../src/incidents/sources/model-breaches.js';
import { appendDurably, prepareOutFile, readCheckpointFile as readWith, writeCheckpointFile as writeWith } from '../../../src/incidents/state-file.js';
import { tempDir } from '../../helpers/run-cli.js';

const section = { creationTimeMs: 1772366400000, recent: [{ pbid: 5, creationTimeMs: 1772366400000 }], firstFetch: '3 days' };
const good: Checkpoint = { version: CHECKPOINT_VERSION, streams: { 'model-breaches': section }, outBytes: 12 };
/** The same place in the version-1 layout: the model-breach fields at the top level. */
const v1 = { version: 1, ...section, outBytes: 12 };
const readCheckpointFile = (path: string) => readWith(path, [modelBreaches]);
const writeCheckpointFile = (path: string, checkpoint: Checkpoint) => writeWith(path, checkpoint, [modelBreaches]);

describe('checkpoint file', () => {
  it('round-trips and leaves no temporary file behind', () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    expect(readCheckpointFile(path)).toBeUndefined();
    writeCheckpointFile(path, good);
    const later = { ...good, streams: { 'model-breaches': { ...section, creationTimeMs: section.creationTimeMs + 1 } } };
    writeCheckpointFile(path, later);
    expect(readCheckpointFile(path)).toEqual(later);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it.each([
    { name: 'with first_fetch and outBytes', stored: v1, want: good },
    {
      name: 'bare (no firstFetch, no outBytes)',
      stored: { version: 1, creationTimeMs: 5, recent: [] },
      want: { version: CHECKPOINT_VERSION, streams: { 'model-breaches': { creationTimeMs: 5, recent: [] } } },
    },
  ])('a version-1 file is read as the version-2 checkpoint of the same place ($name)', ({ stored, want }) => {
    const path = join(tempDir(), 'state.json');
    writeFileSync(path, JSON.stringify(stored));
    expect(readCheckpointFile(path)).toEqual(want);
  });

  it('keeps the section of a stream this build does not know, as received', () => {
    const path = join(tempDir(), 'state.json');
    const withOther = { ...good, streams: { ...good.streams, 'some-later-stream': { anything: [1, 'two'] } } };
    writeCheckpointFile(path, withOther);
    expect(readCheckpointFile(path)).toEqual(withOther);
  });

  it.each([
    { name: 'empty file', text: '', want: /not valid JSON \(the file is empty\)/ },
    { name: 'truncated JSON', text: '{"version":1,"creationTi', want: /not valid JSON \(it is truncated or was edited\)/ },
    { name: 'a future version', text: JSON.stringify({ ...good, version: 3 }), want: /its version is 3, this darktrace-soar reads versions 1 and 2/ },
    {
      name: 'seconds-like negative time',
      text: JSON.stringify({ ...good, streams: { 'model-breaches': { ...section, creationTimeMs: -1 } } }),
      want: /\(streams\.model-breaches\.creationTimeMs:/,
    },
    {
      name: 'recent not a list',
      text: JSON.stringify({ ...good, streams: { 'model-breaches': { ...section, recent: {} } } }),
      want: /model-breaches\.recent:/,
    },
    { name: 'streams not an object', text: JSON.stringify({ ...good, streams: [] }), want: /\(streams:/ },
    { name: 'unknown key', text: JSON.stringify({ ...good, lastFetch: 1 }), want: /not valid/ },
    { name: 'version 1, seconds-like negative time', text: JSON.stringify({ ...v1, creationTimeMs: -1 }), want: /\(creationTimeMs:/ },
    { name: 'version 1, recent not a list', text: JSON.stringify({ ...v1, recent: {} }), want: /\(recent:/ },
    { name: 'version 1, unknown key', text: JSON.stringify({ ...v1, lastFetch: 1 }), want: /not valid/ },
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
    const bad = { ...good, streams: { 'model-breaches': { ...section, recent: [{ pbid: 5.5, creationTimeMs: 1 }] } } };
    expect(() => writeCheckpointFile(path, bad)).toThrow(StateError);
    const far = { ...good, streams: { 'model-breaches': { ...section, creationTimeMs: 1e300 } } };
    expect(() => writeCheckpointFile(path, far)).toThrow(/would not be valid \(streams\.model-breaches\.creationTimeMs:/);
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
