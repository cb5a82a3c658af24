// Every argument of every RESPOND command gets at least one invalid value: the dispatcher refuses it
// with DT_ARG_INVALID (exit 2) naming the argument and the accepted form, before any client exists.
import { describe, expect, it } from 'vitest';
import { dispatcher, expectRefused, manifest, uncoveredArguments } from './argument-table.js';

const D = 'darktrace-';
const VALID: Record<string, Record<string, string>> = {
  [`${D}list-respond-actions`]: {
    device_id: '1428',
    pbid: '30952',
    need_confirming: 'false',
    include_cleared: 'true',
    include_history: 'true',
    include_connections: 'true',
    start_time: '2026-03-01T00:00:00Z',
    end_time: '2026-03-02T00:00:00Z',
  },
  [`${D}get-respond-summary`]: { start_time: '1 day ago', end_time: '2026-03-01T12:00:00Z' },
  [`${D}activate-respond-action`]: { codeid: '4894', duration: '600', reason: 'playbook', dry_run: 'true' },
  [`${D}extend-respond-action`]: { codeid: '4895', duration: '600', reason: 'playbook', dry_run: 'true' },
  [`${D}clear-respond-action`]: { codeid: '4895', reason: 'playbook', dry_run: 'true' },
  [`${D}reactivate-respond-action`]: { codeid: '4896', duration: '600', reason: 'playbook', dry_run: 'true' },
  [`${D}create-manual-respond-action`]: {
    device_id: '1733',
    action: 'connection',
    duration: '600',
    reason: 'playbook',
    connections: '[{"src": "10.0.0.20", "dst": "203.0.113.45", "port": 443}]',
    dry_run: 'true',
  },
  [`${D}remove-tag-from-device`]: { deviceId: '1428', tagName: 'Active Threat', dry_run: 'true' },
  [`${D}remove-from-watched-list`]: { endpoint: 'evil.example', source: 'ThreatIntel', dry_run: 'true' },
  [`${D}get-watched-list`]: { source: 'ThreatIntel', full_details: 'false' },
};

type Row = { command: string; arg: string; value: string; form: string; also?: Record<string, string>; drop?: string };
const ROWS: Row[] = [
  { command: `${D}list-respond-actions`, arg: 'device_id', value: '0', form: 'expected a positive integer, got "0"' },
  { command: `${D}list-respond-actions`, arg: 'pbid', value: 'x', form: 'expected a positive integer' },
  { command: `${D}list-respond-actions`, arg: 'need_confirming', value: 'maybe', form: 'expected true, false, yes or no' },
  { command: `${D}list-respond-actions`, arg: 'include_cleared', value: '2', form: 'expected true, false, yes or no' },
  { command: `${D}list-respond-actions`, arg: 'include_history', value: 'all', form: 'expected true, false, yes or no' },
  { command: `${D}list-respond-actions`, arg: 'include_connections', value: 'on', form: 'expected true, false, yes or no' },
  { command: `${D}list-respond-actions`, arg: 'start_time', value: 'yesterday-ish', form: 'expected "N minutes' },
  { command: `${D}list-respond-actions`, arg: 'end_time', value: '2026-02-01T00:00:00Z', form: 'must not be before start_time' },
  { command: `${D}list-respond-actions`, arg: 'end_time', value: '', form: 'start_time and end_time go together', drop: 'end_time' },
  { command: `${D}get-respond-summary`, arg: 'start_time', value: '', form: 'start_time and end_time go together', drop: 'start_time' },
  { command: `${D}get-respond-summary`, arg: 'end_time', value: 'soon', form: 'expected "N minutes' },
  { command: `${D}activate-respond-action`, arg: 'codeid', value: '-1', form: 'expected a positive integer' },
  { command: `${D}activate-respond-action`, arg: 'duration', value: '0', form: 'expected an integer from 1 to 31536000' },
  { command: `${D}activate-respond-action`, arg: 'reason', value: 'r'.repeat(1001), form: 'expected text of at most 1000 characters' },
  { command: `${D}activate-respond-action`, arg: 'dry_run', value: 'perhaps', form: 'expected true, false, yes or no' },
  { command: `${D}extend-respond-action`, arg: 'codeid', value: '1.5', form: 'expected a positive integer' },
  { command: `${D}extend-respond-action`, arg: 'duration', value: '', form: 'is required', drop: 'duration' },
  { command: `${D}extend-respond-action`, arg: 'reason', value: 'r'.repeat(1001), form: 'expected text of at most 1000 characters' },
  { command: `${D}extend-respond-action`, arg: 'dry_run', value: 'x', form: 'expected true, false, yes or no' },
  { command: `${D}clear-respond-action`, arg: 'codeid', value: '', form: 'is required', drop: 'codeid' },
  { command: `${D}clear-respond-action`, arg: 'reason', value: 'r'.repeat(1001), form: 'expected text of at most 1000 characters' },
  { command: `${D}clear-respond-action`, arg: 'dry_run', value: '1', form: 'expected true, false, yes or no' },
  { command: `${D}reactivate-respond-action`, arg: 'codeid', value: 'abc', form: 'expected a positive integer' },
  { command: `${D}reactivate-respond-action`, arg: 'duration', value: '31536001', form: 'expected an integer from 1 to 31536000' },
  { command: `${D}reactivate-respond-action`, arg: 'reason', value: 'r'.repeat(1001), form: 'expected text of at most 1000 characters' },
  { command: `${D}reactivate-respond-action`, arg: 'dry_run', value: 'y', form: 'expected true, false, yes or no' },
  { command: `${D}create-manual-respond-action`, arg: 'device_id', value: '0', form: 'expected a positive integer' },
  { command: `${D}create-manual-respond-action`, arg: 'action', value: 'blockMatchingConnections', form: 'expected one of connection, pol, gpol' },
  { command: `${D}create-manual-respond-action`, arg: 'duration', value: '-5', form: 'expected an integer from 1 to 31536000' },
  { command: `${D}create-manual-respond-action`, arg: 'reason', value: 'r'.repeat(1001), form: 'expected text of at most 1000 characters' },
  { command: `${D}create-manual-respond-action`, arg: 'connections', value: '{"src": "a"', form: 'expected JSON' },
  { command: `${D}create-manual-respond-action`, arg: 'connections', value: '{"src": "10.0.0.5"}', form: 'expected a JSON list of' },
  {
    command: `${D}create-manual-respond-action`,
    arg: 'connections',
    value: '[{"src": "10.0.0.5", "dst": "bad host"}]',
    form: 'dst must be an IP address or a host name',
  },
  {
    command: `${D}create-manual-respond-action`,
    arg: 'connections',
    value: '[{"src": "10.0.0.5", "dst": "203.0.113.9", "port": 70000}]',
    form: 'entry 0: port must be an integer from 1 to 65535',
  },
  { command: `${D}create-manual-respond-action`, arg: 'connections', value: '[]', form: 'expected at least one {"src", "dst", "port"} connection' },
  { command: `${D}create-manual-respond-action`, arg: 'connections', value: '["10.0.0.5"]', form: 'entry 0 is not an object' },
  { command: `${D}create-manual-respond-action`, arg: 'connections', value: '', form: 'is required for action=connection', drop: 'connections' },
  {
    command: `${D}create-manual-respond-action`,
    arg: 'connections',
    value: '[{"src": "10.0.0.5", "dst": "203.0.113.9"}]',
    form: 'applies only to action=connection, not quarantine',
    also: { action: 'quarantine' },
  },
  { command: `${D}create-manual-respond-action`, arg: 'dry_run', value: 'nope', form: 'expected true, false, yes or no' },
  { command: `${D}remove-tag-from-device`, arg: 'deviceId', value: '0', form: 'expected a positive integer' },
  { command: `${D}remove-tag-from-device`, arg: 'tagName', value: 't'.repeat(129), form: 'expected text of at most 128 characters' },
  { command: `${D}remove-tag-from-device`, arg: 'dry_run', value: 'sure', form: 'expected true, false, yes or no' },
  { command: `${D}remove-from-watched-list`, arg: 'endpoint', value: 'bad host', form: 'expected an IP address, a host name or a domain' },
  { command: `${D}remove-from-watched-list`, arg: 'endpoint', value: '', form: 'is required', drop: 'endpoint' },
  { command: `${D}remove-from-watched-list`, arg: 'source', value: 's'.repeat(64), form: 'expected text of at most 63 characters' },
  { command: `${D}remove-from-watched-list`, arg: 'dry_run', value: 'maybe', form: 'expected true, false, yes or no' },
  { command: `${D}get-watched-list`, arg: 'source', value: 's'.repeat(64), form: 'expected text of at most 63 characters' },
  { command: `${D}get-watched-list`, arg: 'full_details', value: 'all', form: 'expected true, false, yes or no' },
];

describe('RESPOND command arguments', () => {
  it('the valid lines pass', () => {
    for (const [command, args] of Object.entries(VALID)) expect(dispatcher.prepare(command, args).declaration.name).toBe(command);
  });

  it('every argument of every RESPOND command has an invalid row', () => {
    expect(uncoveredArguments(VALID, ROWS)).toEqual([]);
  });

  it('every write is marked execution: true and takes dry_run', () => {
    const writes = Object.keys(VALID).filter((c) => !/list-|get-/.test(c));
    for (const name of writes) {
      const command = manifest.script.commands.find((m) => m.name === name)!;
      expect([name, command.execution, command.arguments.some((a) => a.name === 'dry_run')]).toEqual([name, true, true]);
    }
  });

  it.each(ROWS.map((r) => ({ ...r, name: `${r.command} ${r.arg}=${r.value.slice(0, 24)}` })))('$name', ({ command, arg, value, form, also, drop }) => {
    const args: Record<string, string> = { ...VALID[command], ...also, [arg]: value };
    if (drop) delete args[drop];
    expectRefused(command, args, arg, form);
  });
});
