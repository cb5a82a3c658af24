// Argument aliases (integration.yml `aliases:`): accepted under either name, the canonical name is
// what the handler gets, a name and its alias together are refused naming both, errors name the
// name typed; help labels and war-room completion; the manifest refuses an alias that clashes.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { ArgumentError } from '../../../src/errors.js';
import { completeArgumentName, labelWithAliases, renameAliases } from '../../../src/manifest/aliases.js';
import { coerceArguments } from '../../../src/manifest/args.js';
import { loadManifest } from '../../../src/manifest/load.js';
import { findCommand } from '../../../src/manifest/command-name.js';
import { CommandSchema, ManifestSchema, type Command } from '../../../src/manifest/schema.js';

const clock = fixedClock('2026-03-01T12:00:00Z');
const command: Command = CommandSchema.parse({
  name: 'darktrace-example',
  description: 'example',
  arguments: [
    { name: 'did', aliases: ['deviceId'], description: 'd', required: true, type: 'integer', min: 1 },
    { name: 'data_type', aliases: ['dataType'], description: 't', defaultValue: 'co', auto: 'PREDEFINED', predefined: ['co', 'sizeout'] },
    { name: 'note', description: 'n' },
  ],
});

describe('coerceArguments with aliases', () => {
  it.each<{ name: string; raw: Record<string, string>; want: Record<string, unknown> }>([
    { name: 'our names', raw: { did: '3', data_type: 'sizeout' }, want: { did: 3, data_type: 'sizeout' } },
    { name: "XSOAR's names", raw: { deviceId: '3', dataType: 'SIZEOUT' }, want: { did: 3, data_type: 'sizeout' } },
    { name: 'mixed', raw: { deviceId: '3', data_type: 'sizeout' }, want: { did: 3, data_type: 'sizeout' } },
    { name: 'alias left out: default applies', raw: { deviceId: '3' }, want: { did: 3, data_type: 'co' } },
  ])('$name', ({ raw, want }) => expect(coerceArguments(command, raw, clock)).toEqual(want));

  it.each<{ name: string; raw: Record<string, string>; message: string }>([
    {
      name: 'name then alias',
      raw: { did: '1', deviceId: '1' },
      message: 'argument did of darktrace-example: given both as did and as deviceId, which name the same argument; give only one of them',
    },
    {
      name: 'alias then name',
      raw: { dataType: 'co', data_type: 'co', did: '1' },
      message: 'argument data_type of darktrace-example: given both as dataType and as data_type, which name the same argument; give only one of them',
    },
    {
      name: 'a bad value is blamed on the name typed',
      raw: { deviceId: 'abc' },
      message: 'argument deviceId of darktrace-example: expected a positive integer, got "abc"',
    },
    {
      name: 'unknown names list the aliases',
      raw: { did: '1', colour: '1' },
      message:
        'argument colour of darktrace-example: is not an argument of darktrace-example; its arguments are did (or deviceId), data_type (or dataType), note',
    },
    {
      name: '__proto__ is an unknown name, not dropped',
      raw: JSON.parse('{"did":"1","__proto__":"x"}') as Record<string, string>,
      message:
        'argument __proto__ of darktrace-example: is not an argument of darktrace-example; its arguments are did (or deviceId), data_type (or dataType), note',
    },
    {
      name: 'a near miss of an alias is suggested',
      raw: { did: '1', dataTyp: 'co' },
      message: 'argument dataTyp of darktrace-example: is not an argument of darktrace-example; did you mean "dataType"?',
    },
  ])('refused: $name', ({ raw, message }) => {
    let thrown: unknown;
    try {
      coerceArguments(command, raw, clock);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ArgumentError);
    expect((thrown as ArgumentError).code).toBe('DT_ARG_INVALID');
    expect((thrown as Error).message).toBe(message);
  });
});

describe('aliases are per command, exact pairs', () => {
  const manifest = loadManifest();
  it.each<{ command: string; raw: Record<string, string>; want: Record<string, unknown> }>([
    // deviceId is an alias of did here, and our own argument name on the tag commands.
    { command: 'darktrace-get-similar-devices', raw: { deviceId: '1', maxResults: '2' }, want: { did: 1, max_results: 2 } },
    { command: 'darktrace-get-tags-for-device', raw: { deviceId: '7' }, want: { deviceId: 7 } },
    {
      command: 'darktrace-get-device-connection-info',
      raw: { deviceId: '1', destinationDeviceId: '2', numberOfSimilarDevices: '3' },
      want: { did: 1, data_type: 'co', destination_did: 2, num_similar_devices: 3 },
    },
  ])('$command', ({ command: name, raw, want }) => {
    expect(coerceArguments(findCommand(manifest.script.commands, name)!, raw, clock)).toEqual(want);
  });

  it.each([
    { command: 'darktrace-get-device-connection-info', name: 'destinationDid' },
    { command: 'darktrace-get-device-connection-info', name: 'numSimilarDevices' },
    { command: 'darktrace-get-device-events', name: 'deviceId' },
  ])('$name is not a name of $command', ({ command: name, name: arg }) => {
    expect(() => coerceArguments(findCommand(manifest.script.commands, name)!, { [arg]: '1' }, clock)).toThrow(
      `argument ${arg} of ${name}: is not an argument of`,
    );
  });
});

describe('help label and completion', () => {
  it('labels an argument with its aliases', () => {
    expect(command.arguments.map(labelWithAliases)).toEqual(['did (or deviceId)', 'data_type (or dataType)', 'note']);
  });

  it.each([
    { name: 'a bare Tab lists each argument once, by our name', given: [], current: '', want: ['did', 'data_type', 'note'] },
    { name: 'a typed prefix also matches aliases', given: [], current: 'd', want: ['did', 'deviceId', 'data_type', 'dataType'] },
    { name: 'an argument given under its alias is not offered again', given: ['deviceId'], current: 'd', want: ['data_type', 'dataType'] },
    { name: 'an argument given under our name hides its alias', given: ['data_type'], current: 'da', want: [] },
  ])('$name', ({ given, current, want }) => expect(completeArgumentName(command, given, current)).toEqual(want));
});

describe('the manifest refuses clashing aliases', () => {
  const manifest = loadManifest();
  it.each([
    {
      name: 'an alias equal to another argument',
      edit: (m: ReturnType<typeof structuredClone<typeof manifest>>) => {
        const c = m.script.commands.find((x) => x.name === 'darktrace-get-similar-devices')!;
        c.arguments[0]!.aliases = ['max_results'];
      },
      message: 'duplicate argument or alias max_results',
    },
    {
      name: 'a parameter alias equal to a parameter',
      edit: (m: ReturnType<typeof structuredClone<typeof manifest>>) => {
        m.configuration.find((p) => p.name === 'max_alerts')!.aliases = ['min_score'];
      },
      message: 'duplicate parameter or alias min_score',
    },
  ])('$name', ({ edit, message }) => {
    const copy = structuredClone(manifest);
    edit(copy);
    const result = ManifestSchema.safeParse(copy);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain(message);
  });
});

describe('renameAliases: one renaming for parameters and arguments', () => {
  const declared = [{ name: 'max_alerts', aliases: ['max_fetch'] }, { name: 'did' }];
  it.each<{ name: string; given: Record<string, number>; values: Record<string, number>; givenAs: string[][]; clashes: unknown[] }>([
    { name: 'an alias becomes our name', given: { max_fetch: 5 }, values: { max_alerts: 5 }, givenAs: [['max_alerts', 'max_fetch']], clashes: [] },
    { name: 'unknown names stay as given', given: { bogus: 1, did: 2 }, values: { bogus: 1, did: 2 }, givenAs: [], clashes: [] },
    {
      name: 'our name then its alias: a clash, the first value kept',
      given: { max_alerts: 5, max_fetch: 6 },
      values: { max_alerts: 5 },
      givenAs: [],
      clashes: [{ name: 'max_alerts', first: 'max_alerts', second: 'max_fetch' }],
    },
    {
      name: 'the alias then our name: a clash naming the alias first',
      given: { max_fetch: 6, max_alerts: 5 },
      values: { max_alerts: 6 },
      givenAs: [['max_alerts', 'max_fetch']],
      clashes: [{ name: 'max_alerts', first: 'max_fetch', second: 'max_alerts' }],
    },
  ])('$name', ({ given, values, givenAs, clashes }) => {
    const renamed = renameAliases(declared, given);
    expect({ ...renamed.values }).toEqual(values);
    expect([...renamed.givenAs]).toEqual(givenAs);
    expect(renamed.clashes).toEqual(clashes);
  });

  it('a "__proto__" key stays a key', () => {
    const renamed = renameAliases(declared, JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>);
    expect(Object.keys(renamed.values)).toEqual(['__proto__']);
    expect((renamed.values as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
