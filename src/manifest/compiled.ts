// The compiled manifest (dist/integration.json, written by `npm run build` after validation) read
// as plain JSON. Apart from load.ts so that `commands`, `help` and `--help` can read it without
// loading zod or the YAML parser (issue #14: a start as fast as bare node).
import { readFileSync, statSync } from 'node:fs';
import { packagePath } from '../paths.js';
import type { Manifest } from './schema.js';

export const COMPILED_MANIFEST = ['dist', 'integration.json'] as const;

/** The compiled manifest while it is at least as new as integration.yml; undefined otherwise (not built, or edited since). */
export function readCompiledManifest(): Manifest | undefined {
  const compiled = packagePath(...COMPILED_MANIFEST);
  let compiledMs: number;
  try {
    compiledMs = statSync(compiled).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // not built: a source checkout
    throw err;
  }
  if (compiledMs < statSync(packagePath('integration.yml')).mtimeMs) return undefined; // edited since the build
  // Written by compile.ts after validation; a file that does not parse is a broken install, and says so.
  return JSON.parse(readFileSync(compiled, 'utf8')) as Manifest;
}
