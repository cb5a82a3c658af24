// The model-name globs of model_include / model_exclude (src/domain/glob.ts): whole-name,
// case-insensitive matches, `*` across `::`, `?` one character, spaces around `::` ignored, and the
// syntax of other glob dialects refused with its reason.
import { describe, expect, it } from 'vitest';
import { compileModelGlob } from '../../../src/domain/glob.js';

function compiled(pattern: string) {
  const glob = compileModelGlob(pattern);
  if ('error' in glob) throw new Error(`${pattern} ${glob.error}`);
  return glob;
}

describe('compileModelGlob', () => {
  it.each([
    { name: 'an exact name', pattern: 'Device::New User Agent', model: 'Device::New User Agent', want: true },
    { name: 'the whole name only', pattern: 'Device::New User', model: 'Device::New User Agent', want: false },
    { name: 'case-insensitive', pattern: 'compromise::watched DOMAIN', model: 'Compromise::Watched Domain', want: true },
    { name: '* under a path', pattern: 'Compromise::*', model: 'Compromise::Beaconing Activity To External Rare', want: true },
    { name: '* across deeper :: levels', pattern: 'Compliance::*', model: 'Compliance::Messaging::Facebook Messenger', want: true },
    { name: '* needs the :: it follows', pattern: 'Compromise::*', model: 'Compromised Host', want: false },
    { name: '* inside a segment', pattern: '*::*Rare*', model: 'Anomalous Connection::Data Sent to Rare Domain', want: true },
    { name: '? is one character', pattern: 'Device::New User Agen?', model: 'Device::New User Agent', want: true },
    { name: '? is not two', pattern: 'Device::New User Age?', model: 'Device::New User Agent', want: false },
    { name: 'regex characters are literal', pattern: 'Unusual Activity::Data (Rare).+', model: 'Unusual Activity::Data (Rare).+', want: true },
    { name: 'a dot is not any character', pattern: 'a.c', model: 'abc', want: false },
    { name: 'spaces around :: ignored in the pattern', pattern: 'Compromise :: Watched Domain', model: 'Compromise::Watched Domain', want: true },
    { name: 'spaces around :: ignored in the name', pattern: 'Compromise::Watched Domain', model: 'Compromise :: Watched Domain', want: true },
    { name: 'surrounding spaces trimmed', pattern: '  Compromise::*  ', model: 'Compromise::Watched Domain', want: true },
  ])('matches: $name', ({ pattern, model, want }) => {
    expect(compiled(pattern).matches(model)).toBe(want);
  });

  it.each([
    { name: 'empty', pattern: '   ', error: 'is empty' },
    { name: 'a trailing ::', pattern: 'Compromise::', error: 'has an empty path segment (nothing before or after a "::")' },
    { name: 'a leading ::', pattern: '::Beaconing', error: 'has an empty path segment (nothing before or after a "::")' },
    { name: 'an empty middle segment', pattern: 'Compliance::::Messaging', error: 'has an empty path segment (nothing before or after a "::")' },
    { name: 'a character class', pattern: 'Device::[A-Z]*', error: 'uses "[", which these globs do not support (only * and ? are special)' },
    { name: 'alternatives', pattern: 'Device::{A*}', error: 'uses "{", which these globs do not support (only * and ? are special)' },
    { name: 'an escape', pattern: 'Device::\\*', error: 'uses "\\\\", which these globs do not support (only * and ? are special)' },
    { name: 'a control character', pattern: 'Device::\u0007', error: 'contains a control character' },
    { name: 'too long', pattern: `Device::${'a'.repeat(300)}`, error: 'is longer than 300 characters' },
  ])('refuses: $name', ({ pattern, error }) => {
    expect(compileModelGlob(pattern)).toEqual({ error });
  });

  it('keeps the pattern as written, spaces around :: normalised, for messages', () => {
    expect(compiled(' Compromise :: * ').pattern).toBe('Compromise::*');
  });
});
