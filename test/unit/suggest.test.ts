import { describe, expect, it } from 'vitest';
import { closestName, didYouMean, editDistance } from '../../src/suggest.js';

describe('editDistance', () => {
  it.each([
    { name: 'equal', a: 'fetch', b: 'fetch', want: 0 },
    { name: 'case is ignored', a: 'Fetch', b: 'fetch', want: 0 },
    { name: 'one insertion', a: 'fech', b: 'fetch', want: 1 },
    { name: 'one substitution', a: 'pull', b: 'poll', want: 1 },
    { name: 'transposition is two edits', a: 'fecth', b: 'fetch', want: 2 },
    { name: 'empty', a: '', b: 'abc', want: 3 },
  ])('$name', ({ a, b, want }) => expect(editDistance(a, b)).toBe(want));
});

describe('closestName', () => {
  const subcommands = ['run', 'test', 'commands', 'help', 'simulate', 'war-room', 'exec', 'docs', 'demo', 'fetch', 'poll', 'validate'];
  it.each([
    { name: 'a typo of a long name', word: 'valdate', want: 'validate' },
    { name: 'a typo of a short name', word: 'fech', want: 'fetch' },
    { name: 'unrelated word', word: 'deploy', want: undefined },
    { name: 'too far for a short word', word: 'rxx', want: undefined },
  ])('$name', ({ word, want }) => expect(closestName(word, subcommands)).toBe(want));

  it('a tie is no suggestion (a guess would mislead)', () => expect(closestName('cat', ['bat', 'hat'])).toBeUndefined());

  it('didYouMean quotes the suggestion or says nothing', () => {
    expect(didYouMean('comands', subcommands)).toBe('; did you mean "commands"?');
    expect(didYouMean('zzzzzz', subcommands)).toBe('');
  });
});
