// `npm run build`, last step: bundles the compiled CLI (dist/src/cli/main.js and everything it
// imports, packages included) into dist/cli/, which bin/darktrace-soar runs. Why: a cold start was
// dominated by Node's ES module loader resolving and linking ~180 files (zod alone is 95), not by
// our code. The library export (dist/src/index.js) stays unbundled; the source layout is unchanged.
// CommonJS, not ES modules: with the whole CLI in a few files, the ES module loader's own start-up
// was what was left (an empty .mjs costs ~10% more CPU than `node -e 0`); bin/package.json makes
// the bin CommonJS too. `--help` went from 1.21x to 1.11x the CPU of `node -e 0` (farm-bench).
// rolldown turns import.meta.url into the file's URL, which src/paths.ts needs.
// Layout of dist/cli/ (the subcommands' dynamic imports become lazily required chunks):
//  - main.cjs and one chunk with everything `--help`, `--version`, `commands` and `help <cmd>`
//    need, so those run no package code (test/contract/fast-start.test.ts checks it);
//  - one chunk per subcommand, and shared chunks (zod, undici, pino ...) loaded only by the
//    subcommands that use them.
// Measured with rolldown 1.2.19 (already in the tree as vite's bundler, now pinned directly); the
// README's performance section has the numbers.
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown, type Plugin, type RolldownOutput } from 'rolldown';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'dist', 'cli');
/** Which source modules each chunk holds, for the fast-start test (a chunk name says too little). */
export const CHUNK_MAP = 'chunks.json';

/**
 * undici's index.js loads all of undici (fetch, WebSocket, cookies, caches, mocks: ~1 MB) while
 * the client uses two classes (src/client/dispatcher.ts). In the bundle `undici` means those two,
 * from their own files, plus what index.js does to every dispatcher: it gives Dispatcher.prototype
 * request() and the other API methods (undici 7.30.2 index.js, `Object.assign(Dispatcher.prototype,
 * api)`). Anything else imported by name fails the build (see onLog below).
 */
function undiciDispatchersOnly(): Plugin {
  const id = '\0undici-dispatchers';
  return {
    name: 'undici-dispatchers-only',
    resolveId: (source) => (source === 'undici' ? id : null),
    load: (loaded) =>
      loaded === id
        ? [
            `import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';`,
            `import api from 'undici/lib/api/index.js';`,
            `Object.assign(Dispatcher.prototype, api);`,
            `export { default as Agent } from 'undici/lib/dispatcher/agent.js';`,
            `export { default as EnvHttpProxyAgent } from 'undici/lib/dispatcher/env-http-proxy-agent.js';`,
            '',
          ].join('\n')
        : null,
  };
}

/**
 * The modules `--help`, `--version`, `commands` and `help <cmd>` run, and the bundler's own helpers:
 * one chunk, so those subcommands read two files (main.cjs re-exports it) and rolldown's runtime.
 */
const START =
  /dist\/src\/(cli\/(main|usage|help|version|io|present)|errors|safe-text|suggest|paths|net-values|relative-time|render\/(markdown|terminal)|manifest\/(compiled|args|aliases))\.js$|rolldown\/runtime\.js$/;

export async function bundleCli(): Promise<RolldownOutput> {
  await rm(OUT, { recursive: true, force: true });
  const bundle = await rolldown({
    input: { main: join(ROOT, 'dist', 'src', 'cli', 'main.js') },
    platform: 'node',
    plugins: [undiciDispatchersOnly()],
    onLog(level, log, handler) {
      // A missing export or an unresolved import would be a runtime failure of the CLI: fail here.
      // A dynamic import of a module that is also imported statically elsewhere (help.js) is fine.
      if (log.code === 'INEFFECTIVE_DYNAMIC_IMPORT') return;
      if (level === 'warn') throw new Error(`bundle: ${log.code ?? ''} ${log.message}`);
      handler(level, log);
    },
  });
  try {
    const output = await bundle.write({
      dir: OUT,
      format: 'cjs',
      entryFileNames: '[name].cjs',
      chunkFileNames: '[name]-[hash].cjs',
      codeSplitting: { groups: [{ name: 'main', test: START }] },
    });
    const map: Record<string, string[]> = {};
    for (const chunk of output.output) {
      if (chunk.type === 'chunk') map[chunk.fileName] = chunk.moduleIds.map((m) => relative(ROOT, m.replace(/^\0/, '')));
    }
    await writeFile(join(OUT, CHUNK_MAP), `${JSON.stringify(map, null, 1)}\n`);
    return output;
  } finally {
    await bundle.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundleCli();
