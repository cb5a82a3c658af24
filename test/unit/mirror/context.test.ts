// The mirroring state: its bounds (cap and age), comment identity without ids, and a context that
// cannot be read is refused rather than silently replaced.
import { describe, expect, it } from 'vitest';
import { StateError } from '../../../src/errors.js';
import {
  advanceCommentCursor,
  alreadyHandedOver,
  pruneRegistry,
  readMirrorContext,
  register,
  REGISTRY_CAP,
  REGISTRY_MAX_AGE_MS,
  withMirrorContext,
  type SourceState,
} from '../../../src/mirror/context.js';

describe('registry bounds', () => {
  it(`keeps at most ${REGISTRY_CAP} incidents, dropping the least recently seen`, () => {
    const state: SourceState = { registry: {} };
    for (let i = 0; i < REGISTRY_CAP + 3; i++) register(state, String(i), 1_000 + i, { fields: {} });
    expect(pruneRegistry(state, 2_000 + REGISTRY_CAP)).toEqual(['0', '1', '2']);
    expect(Object.keys(state.registry)).toHaveLength(REGISTRY_CAP);
  });

  it('drops an incident unchanged for longer than the age limit', () => {
    const state: SourceState = { registry: {} };
    register(state, 'old', 0, { fields: {} });
    register(state, 'young', 1, { fields: {} });
    expect(pruneRegistry(state, REGISTRY_MAX_AGE_MS + 1)).toEqual(['old']);
    expect(Object.keys(state.registry)).toEqual(['young']);
  });

  it('registering a known id keeps its entry', () => {
    const state: SourceState = { registry: {} };
    register(state, '1', 5, { ack: true, fields: { score: 80 } });
    expect(register(state, '1', 9, { ack: false, fields: {} })).toMatchObject({ seenMs: 5, ack: true, fields: { score: 80 } });
  });
});

describe('comments without ids', () => {
  const comment = (timeMs: number, message: string) => ({ timeMs, username: 'a', message });
  it.each([
    { name: 'before the cursor', c: comment(10, 'x'), want: true },
    { name: 'at the cursor, handed over', c: comment(20, 'same ms'), want: true },
    { name: 'at the cursor, new', c: comment(20, 'other text at the same ms'), want: false },
    { name: 'after the cursor', c: comment(21, 'x'), want: false },
  ])('$name', ({ c, want }) => {
    const state: SourceState = { registry: {} };
    const entry = register(state, '1', 0, { fields: {} });
    advanceCommentCursor(entry, [comment(20, 'same ms'), comment(10, 'x')]);
    expect(alreadyHandedOver(entry, c)).toBe(want);
  });
});

describe('the integration context', () => {
  it('keeps the platform’s other keys and reads back what it wrote', () => {
    const context = readMirrorContext({ other: 1 }, 'integrationContext');
    register((context.sources['mb'] = { registry: {} }), '7', 0, { fields: {} });
    const written = withMirrorContext({ other: 1 }, context);
    expect(written['other']).toBe(1);
    expect(Object.keys(readMirrorContext(JSON.parse(JSON.stringify(written)), 'integrationContext').sources['mb']!.registry)).toEqual(['7']);
  });

  it.each([
    { name: 'another version', mirror: { version: 2, sources: {} } },
    { name: 'a registry that is no object', mirror: { version: 1, sources: { mb: { registry: [] } } } },
  ])('refuses $name, naming how to start afresh', ({ mirror }) => {
    expect(() => readMirrorContext({ mirror }, 'integrationContext')).toThrow(StateError);
    expect(() => readMirrorContext({ mirror }, 'integrationContext')).toThrow(/integrationContext\.mirror .*remove the "mirror" key/);
  });
});
