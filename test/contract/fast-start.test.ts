// Issue #14, fast start: `--help`, `commands` and `help <cmd>` load none of the heavy packages.
// Walks the static runtime imports (not `import type`, not `import()`, which load on demand) from
// each subcommand's entry modules and lists the packages reached. The bench measures the time.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const HEAVY = ['zod', 'pino', 'undici', 'yaml', 'p-retry'];

/** Packages reached through static runtime imports from `entries` (paths under src/, .ts). */
function packagesReached(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)(\s+type)?\s[^'";]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) {
      if (m[1] !== undefined) continue;
      const spec = m[2] ?? m[3] ?? '';
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  for (const entry of entries) visit(resolve(SRC, entry));
  return packages;
}

describe('fast start', () => {
  it.each([
    { name: '--help (main.ts alone)', entries: ['cli/main.ts'] },
    { name: 'commands and help <cmd>', entries: ['cli/main.ts', 'cli/help.ts'] },
  ])('$name loads none of zod, pino, undici, yaml, p-retry', ({ entries }) => {
    const reached = packagesReached(entries);
    expect([...reached].filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it('the walk does see the packages a war-room command needs', () => {
    expect([...packagesReached(['cli/run-command.ts'])].sort()).toEqual(expect.arrayContaining(['pino', 'undici', 'zod']));
  });
});
