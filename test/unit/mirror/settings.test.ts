// The mirror fields of a fetched incident per mirror_direction, and settings that would loop.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { mirrorFields, mirrorSettings } from '../../../src/mirror/settings.js';

const base = {
  close_incident: false,
  reopen_on_unack: false,
  close_out: false,
  comment_tag: 'comment',
  comment_from_darktrace_tag: 'FromDarktrace',
  mirror_comment_prefix: '[XSOAR]',
};

describe('mirrorFields', () => {
  it.each([
    { direction: 'Incoming', want: 'In' },
    { direction: 'Outgoing', want: 'Out' },
    { direction: 'Incoming And Outgoing', want: 'Both' },
  ])('$direction -> $want', ({ direction, want }) => {
    expect(mirrorFields({ ...base, mirror_direction: direction, mirror_instance: 'dt_1' }, '1417')).toEqual({
      dbotMirrorId: '1417',
      dbotMirrorDirection: want,
      dbotMirrorInstance: 'dt_1',
      dbotMirrorTags: ['comment'],
    });
  });

  it.each([
    { name: 'None', params: { ...base, mirror_direction: 'None' } },
    { name: 'parameters built without mirroring', params: {} },
  ])('nothing for $name', ({ params }) => expect(mirrorFields(params, '1417')).toEqual({}));
});

describe('mirrorSettings', () => {
  it('refuses the same tag for outgoing notes and notes from Darktrace (an echo loop)', () => {
    expect(() => mirrorSettings({ ...base, mirror_direction: 'Incoming', comment_from_darktrace_tag: 'comment' })).toThrow(ConfigError);
  });

  it('names every mirroring parameter the manifest did not resolve', () => {
    expect(() => mirrorSettings({ mirror_direction: 'Incoming' })).toThrow(/close_incident[\s\S]*mirror_comment_prefix/);
  });
});
