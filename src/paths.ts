// Where the package's own files live (integration.yml, test_data/), found from this module's URL so
// that the same code works from src/ under vitest and from dist/src/ when compiled.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'integration.yml'))) return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('darktrace-soar: cannot find the package root (integration.yml)');
    dir = parent;
  }
}

export function packagePath(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}
