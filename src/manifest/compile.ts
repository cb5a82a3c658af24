// `npm run build` step: validates integration.yml and writes it as dist/integration.json, which
// load.ts reads at start-up instead of parsing YAML. A manifest that fails validation fails the build.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packagePath } from '../paths.js';
import { COMPILED_MANIFEST, parseManifest } from './load.js';

export function compileManifest(): string {
  const manifest = parseManifest(readFileSync(packagePath('integration.yml'), 'utf8'));
  const target = packagePath(...COMPILED_MANIFEST);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(manifest));
  return target;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) compileManifest();
