// Pure rules of the RESPOND commands: the derived status (darktrace-next.md §B.2), the manual
// action's id under either answer key (§B.1 B3), and the rollback lines a playbook runs as written.
import { describe, expect, it } from 'vitest';
import { manualActionId } from '../../../src/client/respond-schemas.js';
import { parseWarRoomLine } from '../../../src/cli/war-room-line.js';
import { commandLine, respondStatus } from '../../../src/commands/respond-shape.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('respondStatus', () => {
  it.each([
    { name: 'cleared wins', a: { active: false, cleared: true, expires: NOW + 1 }, want: 'cleared' },
    { name: 'active, not expired', a: { active: true, cleared: false, expires: NOW + 1 }, want: 'active' },
    { name: 'active stays true after expiry', a: { active: true, cleared: false, expires: NOW }, want: 'expired' },
    { name: 'pending', a: { active: false, cleared: false, expires: NOW + 60_000 }, want: 'pending' },
    { name: 'never activated and expired', a: { active: false, cleared: false, expires: NOW - 1 }, want: 'expired (never activated)' },
    { name: 'no expiry known', a: { active: true }, want: 'expired' },
  ])('$name', ({ a, want }) => expect(respondStatus(a, NOW)).toBe(want));
});

describe('manualActionId', () => {
  it.each([
    { name: 'code (darktrace-sdk)', answer: { code: 10170 }, want: 10170 },
    { name: 'codeid (darktrace-mcp)', answer: { codeid: 10170 }, want: 10170 },
    { name: 'a numeric string', answer: { code: '10170' }, want: 10170 },
    { name: 'both: codeid first', answer: { codeid: 7, code: 8 }, want: 7 },
    { name: 'neither', answer: { response: 'SUCCESS' }, want: undefined },
    { name: 'not an object', answer: 10170, want: undefined },
  ])('$name', ({ answer, want }) => expect(manualActionId(answer)).toBe(want));
});

describe('commandLine', () => {
  it.each([
    { name: 'plain values', args: { codeid: 4898, reason: 'x' }, want: '!darktrace-clear-respond-action codeid=4898 reason=x' },
    { name: 'spaces quoted', args: { codeid: 1, reason: 'Rollback: a b' }, want: '!darktrace-clear-respond-action codeid=1 reason="Rollback: a b"' },
    {
      name: 'quotes and backslashes escaped',
      args: { codeid: 1, reason: 'say "hi" \\ bye' },
      want: '!darktrace-clear-respond-action codeid=1 reason="say \\"hi\\" \\\\ bye"',
    },
  ])('$name, and the war-room parser reads the values back', ({ args, want }) => {
    const line = commandLine('darktrace-clear-respond-action', args);
    expect(line).toBe(want);
    expect(parseWarRoomLine(line)).toEqual({
      command: 'darktrace-clear-respond-action',
      args: Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)])),
    });
  });
});
