// CI fails when the README's generated reference no longer matches the manifest and the commands'
// real output: `npm run docs` regenerates it, and running it twice changes nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEGIN_MARKER, END_MARKER, generateReference, spliceReference } from '../../src/cli/docs.js';
import { labelWithAliases } from '../../src/manifest/aliases.js';
import { loadManifest } from '../../src/manifest/load.js';
import { packagePath } from '../../src/paths.js';

describe('README reference', () => {
  it('is up to date and regenerating it is idempotent', async () => {
    const readme = readFileSync(packagePath('README.md'), 'utf8');
    const reference = await generateReference();
    const once = spliceReference(readme, reference);
    expect(spliceReference(once, await generateReference())).toBe(once);
    expect(once, 'README.md is stale: run `npm run docs` and commit it').toBe(readme);
  });

  it('lists every manifest command and parameter', () => {
    const readme = readFileSync(packagePath('README.md'), 'utf8');
    const block = readme.slice(readme.indexOf(BEGIN_MARKER), readme.indexOf(END_MARKER));
    const manifest = loadManifest();
    for (const command of manifest.script.commands) {
      expect(block).toContain(`#### ${command.name}\n`);
      if (command.example) expect(block).toContain(command.example);
    }
    for (const parameter of manifest.configuration) expect(block).toContain(`| ${labelWithAliases(parameter)} |`);
  });
});
