// Every argument of every AI Analyst command gets at least one invalid value: the dispatcher refuses
// it with DT_ARG_INVALID (exit 2) naming the argument and the accepted form, before any client exists.
import { describe, expect, it } from 'vitest';
import { dispatcher, expectRefused, manifest, uncoveredArguments } from './argument-table.js';

const EID = '3f1c2a4e-0000-4a1b-8c2d-00000000a001';
const D = 'darktrace-';
const LIST = {
  start_time: '2026-03-01T11:00:00Z',
  end_time: '2026-03-01T12:00:00Z',
  categories: 'critical,suspicious',
  include_acknowledged: 'true',
  include_pinned: 'false',
  saas_only: 'false',
  device_id: '1428',
  exclude_device_id: '1501',
  locale: 'en_GB',
  limit: '10',
  min_score: '40',
};
const VALID: Record<string, Record<string, string>> = {
  [`${D}get-ai-analyst-incident-event`]: { eventId: EID },
  [`${D}list-ai-analyst-incident-events`]: { ...LIST, min_group_score: '50', group_id: `g${EID}` },
  [`${D}list-ai-analyst-incidents`]: { ...LIST, group_id: `g${EID}` },
  [`${D}get-ai-analyst-incident-group-from-eventId`]: { eventId: EID },
  [`${D}acknowledge-ai-analyst-incident-event`]: { eventId: `${EID},${EID.replace(/1$/, '2')}` },
  [`${D}unacknowledge-ai-analyst-incident-event`]: { eventId: EID },
  [`${D}pin-ai-analyst-incident-event`]: { eventId: EID },
  [`${D}unpin-ai-analyst-incident-event`]: { eventId: EID },
  [`${D}acknowledge-ai-analyst-incident`]: { groupId: `g${EID}` },
  [`${D}unacknowledge-ai-analyst-incident`]: { groupId: `g${EID}` },
  [`${D}get-comments-for-ai-analyst-incident-event`]: { eventId: EID },
  [`${D}post-comment-to-ai-analyst-incident-event`]: { eventId: EID, comment: 'Escalated' },
  [`${D}list-ai-analyst-investigations`]: {
    investigation_id: '52c75821-7c17-4a69-b07f-1c74789a9452',
    start_time: '1 day ago',
    end_time: '2026-03-01T12:00:00Z',
  },
  [`${D}create-ai-analyst-investigation`]: { device_id: '1428', investigate_time: '2026-03-01T11:00:00Z', timeout: '60' },
};

type BadRow = { command: string; arg: string; value: string; form: string; also?: Record<string, string> };
const listRows = (command: string): BadRow[] => [
  { command, arg: 'start_time', value: 'yesterday-ish', form: 'expected "N minutes|hours|days|weeks|months [ago]"' },
  { command, arg: 'end_time', value: '2026-03-01T10:00:00Z', form: 'must not be before start_time' },
  { command, arg: 'categories', value: 'critical,informational', form: 'every entry must be one of critical, suspicious, compliance; "informational" is not' },
  { command, arg: 'include_acknowledged', value: 'maybe', form: 'expected true, false, yes or no' },
  { command, arg: 'include_pinned', value: '2', form: 'expected true, false, yes or no' },
  { command, arg: 'saas_only', value: 'on', form: 'expected true, false, yes or no' },
  { command, arg: 'device_id', value: 'ws-1', form: 'expected an integer of at least -1000' },
  { command, arg: 'exclude_device_id', value: '1.5', form: 'expected an integer of at least -1000' },
  { command, arg: 'locale', value: 'en', form: 'expected one of de_DE, en_GB' },
  { command, arg: 'limit', value: '0', form: 'expected an integer from 1 to 1000' },
  { command, arg: 'min_score', value: '101', form: 'expected an integer from 0 to 100' },
];
const ROWS: BadRow[] = [
  { command: `${D}get-ai-analyst-incident-event`, arg: 'eventId', value: 'a,b', form: 'expected an AI Analyst event id' },
  { command: `${D}get-ai-analyst-incident-event`, arg: 'eventId', value: 'e'.repeat(101), form: 'expected text of at most 100 characters' },
  { command: `${D}get-ai-analyst-incident-event`, arg: 'eventId', value: '', form: 'is required' },
  ...listRows(`${D}list-ai-analyst-incident-events`),
  { command: `${D}list-ai-analyst-incident-events`, arg: 'min_group_score', value: '-1', form: 'expected an integer from 0 to 100' },
  { command: `${D}list-ai-analyst-incident-events`, arg: 'group_id', value: 'g1&x=1', form: 'expected an AI Analyst incident id' },
  ...listRows(`${D}list-ai-analyst-incidents`),
  { command: `${D}list-ai-analyst-incidents`, arg: 'group_id', value: 'g1,g 2', form: 'expected an AI Analyst incident id' },
  { command: `${D}get-ai-analyst-incident-group-from-eventId`, arg: 'eventId', value: '../x', form: 'expected an AI Analyst event id' },
  ...['acknowledge', 'unacknowledge', 'pin', 'unpin'].map((a) => ({
    command: `${D}${a}-ai-analyst-incident-event`,
    arg: 'eventId',
    value: `${EID},bad id`,
    form: 'expected an AI Analyst event id',
  })),
  { command: `${D}acknowledge-ai-analyst-incident-event`, arg: 'eventId', value: ' , ', form: 'expected a comma-separated list of' },
  { command: `${D}acknowledge-ai-analyst-incident`, arg: 'groupId', value: 'g1;drop', form: 'expected an AI Analyst incident id' },
  { command: `${D}unacknowledge-ai-analyst-incident`, arg: 'groupId', value: 'g'.repeat(102), form: 'expected text of at most 101 characters' },
  { command: `${D}get-comments-for-ai-analyst-incident-event`, arg: 'eventId', value: 'x&incident_id=y', form: 'expected an AI Analyst event id' },
  { command: `${D}post-comment-to-ai-analyst-incident-event`, arg: 'eventId', value: 'a b', form: 'expected an AI Analyst event id' },
  { command: `${D}post-comment-to-ai-analyst-incident-event`, arg: 'comment', value: 'c'.repeat(4001), form: 'expected text of at most 4000 characters' },
  { command: `${D}post-comment-to-ai-analyst-incident-event`, arg: 'comment', value: '  ', form: 'is required' },
  { command: `${D}list-ai-analyst-investigations`, arg: 'investigation_id', value: 'x y', form: 'expected an AI Analyst investigation id' },
  { command: `${D}list-ai-analyst-investigations`, arg: 'start_time', value: 'soon', form: 'expected "N minutes|hours|days|weeks|months [ago]"' },
  {
    command: `${D}list-ai-analyst-investigations`,
    arg: 'end_time',
    value: '2026-02-01T00:00:00Z',
    form: 'must not be before start_time',
    also: { start_time: '2026-03-01T00:00:00Z' },
  },
  { command: `${D}create-ai-analyst-investigation`, arg: 'device_id', value: '0', form: 'expected a positive integer' },
  { command: `${D}create-ai-analyst-investigation`, arg: 'investigate_time', value: 'noon', form: 'expected "N minutes|hours|days|weeks|months [ago]"' },
  { command: `${D}create-ai-analyst-investigation`, arg: 'timeout', value: '3601', form: 'expected an integer from 0 to 3600' },
];

describe('AI Analyst command arguments', () => {
  it('the valid lines pass', () => {
    for (const [command, args] of Object.entries(VALID)) expect(dispatcher.prepare(command, args).declaration.name).toBe(command);
  });

  it('every AI Analyst command is covered, and every argument has an invalid row', () => {
    const aiaCommands = manifest.script.commands.filter((c) => c.name.includes('ai-analyst')).map((c) => c.name);
    expect(Object.keys(VALID).sort()).toEqual(aiaCommands.sort());
    expect(uncoveredArguments(VALID, ROWS)).toEqual([]);
  });

  it.each(ROWS.map((r) => ({ ...r, name: `${r.command} ${r.arg}=${r.value.slice(0, 20)}` })))('$name', ({ command, arg, value, form, also }) => {
    expectRefused(command, { ...VALID[command], ...also, [arg]: value }, arg, form);
  });
});
