// Reads and validates integration.yml once per process. A manifest that fails its schema is a bug
// in the shipped package, so the error lists every issue with its path.
//
// Start-up cost matters (a scheduler runs the CLI thousands of times a day) and parsing the YAML
// took ~250 ms of a cold start, so `npm run build` also writes the validated manifest as
// dist/integration.json (compile.ts). That copy is used while it is at least as new as the YAML
// (compiled.ts); otherwise (a source checkout, an edited manifest) the YAML is parsed and validated here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { packagePath } from '../paths.js';
import { readCompiledManifest } from './compiled.js';
import { ManifestSchema, type Manifest } from './schema.js';

export { COMPILED_MANIFEST } from './compiled.js';

let loaded: Manifest | undefined;

export function parseManifest(text: string, source = 'integration.yml'): Manifest {
  // Loaded on demand: the compiled manifest path never needs a YAML parser.
  const yaml = createRequire(import.meta.url)('yaml') as typeof Yaml;
  const result = ManifestSchema.safeParse(yaml.parse(text));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${source} is not a valid manifest:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function loadManifest(): Manifest {
  loaded ??= readCompiledManifest() ?? parseManifest(readFileSync(packagePath('integration.yml'), 'utf8'));
  return loaded;
}
