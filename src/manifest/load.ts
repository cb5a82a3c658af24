// Reads and validates integration.yml once per process. A manifest that fails its schema is a bug
// in the shipped package, so the error lists every issue with its path.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { packagePath } from '../paths.js';
import { ManifestSchema, type Command, type Manifest } from './schema.js';

let loaded: Manifest | undefined;

export function parseManifest(text: string, source = 'integration.yml'): Manifest {
  const result = ManifestSchema.safeParse(parse(text));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${source} is not a valid manifest:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function loadManifest(): Manifest {
  loaded ??= parseManifest(readFileSync(packagePath('integration.yml'), 'utf8'));
  return loaded;
}

export function findCommand(manifest: Manifest, name: string): Command | undefined {
  return manifest.script.commands.find((c) => c.name === name);
}
