// The manifest and commands/index.ts are the only two lists of commands; this test ties them. A
// handler's argument types come from the manifest (add-a-command.test.ts checks they are current).
import { describe, expect, it } from 'vitest';
import { handlers } from '../../src/commands/index.js';
import { undeclaredOutputPaths } from '../../src/dispatch/dispatcher.js';
import { loadManifest } from '../../src/manifest/load.js';
import { CommandSchema } from '../../src/manifest/schema.js';

const manifest = loadManifest();

describe('manifest vs handlers', () => {
  it('every manifest command has a handler and every handler a manifest entry', () => {
    const declared = manifest.script.commands.map((c) => c.name).sort();
    const handled = handlers.map((h) => h.name).sort();
    expect(handled).toEqual(declared);
  });

  it.each(manifest.script.commands.map((c) => ({ name: c.name, command: c })))('$name: has a description, outputs and an example', ({ command }) => {
    expect(command.description.length).toBeGreaterThan(10);
    expect(command.outputs.length).toBeGreaterThan(0);
    expect(command.example).toMatch(new RegExp(`^!${command.name}( |$)`));
  });
});

describe('required vs default', () => {
  // "Required" in help and in the reference means the analyst must give it; a value with a default
  // never has to be given (issue #15: max_results and min_score were marked required).
  it('no argument is both required and defaulted', () => {
    const both = manifest.script.commands.flatMap((c) =>
      c.arguments.filter((a) => a.required && a.defaultValue !== undefined).map((a) => `${c.name} ${a.name}`),
    );
    expect(both).toEqual([]);
  });

  it('no instance parameter is both required and defaulted', () => {
    expect(manifest.configuration.filter((p) => p.required && p.defaultvalue !== undefined).map((p) => p.name)).toEqual([]);
  });
});

describe('undeclaredOutputPaths', () => {
  const command = CommandSchema.parse({
    name: 'darktrace-x',
    description: 'x',
    outputs: [
      { contextPath: 'Darktrace.X.id', type: 'Number', description: 'id' },
      { contextPath: 'Darktrace.X.items', type: 'Unknown', description: 'anything below' },
    ],
  });
  it.each([
    { name: 'declared leaf', outputs: { 'Darktrace.X': { id: 1 } }, want: [] },
    { name: 'under an Unknown path', outputs: { 'Darktrace.X': { items: [{ a: { b: 1 } }] } }, want: [] },
    { name: 'undeclared field', outputs: { 'Darktrace.X': { id: 1, secret: 'x' } }, want: ['Darktrace.X.secret'] },
    { name: 'undeclared root', outputs: { 'Darktrace.Y': 1 }, want: ['Darktrace.Y'] },
    { name: 'arrays of records', outputs: { 'Darktrace.X': [{ id: 1 }, { id: 2, other: true }] }, want: ['Darktrace.X.other'] },
  ])('$name', ({ outputs, want }) => {
    expect(undeclaredOutputPaths(command, outputs)).toEqual(want);
  });
});
