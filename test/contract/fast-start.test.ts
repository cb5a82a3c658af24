// Issue #14, fast start: `--help`, `--version`, `commands` and `help <cmd>` load none of the heavy
// packages. Two views: the static runtime imports of the sources (not `import type`, not
// `import()`, which load on demand), and what the built CLI really loads: bin/darktrace-soar runs
// the bundle in dist/cli/ (build/bundle.ts), so a child process is started with a module hook that
// reports every ES module resolved and every require(), and each bundle chunk it loads is looked up
// in the build's chunk map. The bench measures the time.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = resolve(ROOT, 'src');
const BUNDLE = resolve(ROOT, 'dist/cli');
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

// Runs in the child before the CLI: every require() (the bundle is CommonJS; yaml and pino are
// required on demand) through Module._load, named by the file it resolves to, and ES modules
// through a resolve hook (it runs on the loader's own thread, hence the second data: URL).
const HOOK = `export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  process.stderr.write('LOADED ' + r.url + '\\n');
  return r;
}`;
const PRELOAD = `import { register, Module } from 'node:module';
import { pathToFileURL } from 'node:url';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));
const load = Module._load;
Module._load = function (request, parent, ...rest) {
  let file;
  try {
    file = Module._resolveFilename(request, parent);
  } catch {
    file = request;
  }
  process.stderr.write('LOADED ' + (file.startsWith('/') ? pathToFileURL(file).href : 'builtin:' + file) + '\\n');
  return load.call(this, request, parent, ...rest);
};`;

/** The packages whose code the built CLI ran for `args`: bundled into a chunk it loaded, or loaded from node_modules. */
async function packagesLoaded(args: readonly string[]): Promise<{ packages: string[]; stdout: string; code: number | null }> {
  const chunks = JSON.parse(readFileSync(resolve(BUNDLE, 'chunks.json'), 'utf8')) as Record<string, string[]>;
  const run = await runCli(args, { env: { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(PRELOAD)}` } });
  const packages = new Set<string>();
  const packageOf = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  for (const [, url] of run.stderr.matchAll(/^LOADED (file:.+)$/gm)) {
    const path = fileURLToPath(url!);
    const direct = packageOf(path);
    if (direct !== undefined) packages.add(direct);
    if (dirname(path) === BUNDLE) for (const id of chunks[path.slice(BUNDLE.length + 1)] ?? []) packages.add(packageOf(id) ?? '');
  }
  packages.delete('');
  return { packages: [...packages].sort(), stdout: run.stdout, code: run.code };
}

describe('fast start', () => {
  it.each([
    { name: '--help (main.ts alone)', entries: ['cli/main.ts'] },
    { name: 'commands and help <cmd>', entries: ['cli/main.ts', 'cli/help.ts'] },
    { name: '--version', entries: ['cli/main.ts', 'cli/version.ts'] },
  ])('sources: $name imports none of zod, pino, undici, yaml, p-retry', ({ entries }) => {
    const reached = packagesReached(entries);
    expect([...reached].filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it('sources: the walk does see the packages a war-room command needs', () => {
    expect([...packagesReached(['cli/run-command.ts'])].sort()).toEqual(expect.arrayContaining(['p-retry', 'zod']));
  });

  it.each([
    { name: '--help', args: ['--help'], says: 'usage: darktrace-soar' },
    { name: '--version', args: ['--version'], says: 'darktrace-soar ' },
    { name: 'commands', args: ['commands'], says: 'darktrace-get-similar-devices' },
    { name: 'help <command>', args: ['help', 'darktrace-get-similar-devices'], says: 'max_results' },
    { name: 'help <subcommand>', args: ['help', 'fetch'], says: '--state FILE' },
    { name: '<subcommand> --help', args: ['poll', '--help'], says: '--interval' },
  ])('built CLI: $name runs no package code', async ({ args, says }) => {
    const { packages, stdout, code } = await packagesLoaded(args);
    expect(code).toBe(0);
    expect(stdout).toContain(says);
    expect(packages).toEqual([]);
  });

  it('built CLI: the check does see the packages of a war-room command; undici waits for a request, pino for a log line', async () => {
    // No url configured: it stops at the configuration check, after loading the run path.
    const { packages, code } = await packagesLoaded(['run', '!darktrace-get-similar-devices did=1']);
    expect(code).toBe(2);
    expect(packages).toEqual(expect.arrayContaining(['zod']));
    expect(packages.filter((p) => p === 'pino' || p === 'undici')).toEqual([]);
  });
});
