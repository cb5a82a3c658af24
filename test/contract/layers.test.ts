// Walks the import graph of src/ and fails when a layer imports one above it (STYLE.md §1): data
// flows CLI -> api -> dispatcher -> handler -> client, and CLI -> api -> incidents engine -> stream
// source -> client; the simulator never shares the client's code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const LEAVES = ['errors', 'clock', 'log', 'paths', 'relative-time', 'net-values', 'safe-text', 'appliance-values', 'suggest'];

// layer -> layers it may import (leaves are always allowed)
const ALLOWED: Record<string, readonly string[]> = {
  // The table of STYLE.md §1, plus mirror/ (two-way mirroring, reached through api/ like incidents/).
  // cli/ also reads manifest/: help, commands and docs print the compiled manifest without loading
  // api/ (and with it zod, pino and undici), which is what keeps them as fast as a bare node start.
  cli: ['api', 'render', 'simulator', 'config', 'manifest'],
  dispatch: ['manifest', 'commands', 'client'],
  // validation/: the security-validation commands (#6) are thin handlers over the validation
  // logic, which the CLI's `validate` job shares; validation/ itself never names a command.
  commands: ['client', 'render', 'validation', 'domain'],
  // incidents/: the stream-agnostic engine and its sources/ (STYLE.md §1: client/, domain/,
  // manifest/ types, leaves). Parameters arrive typed from api/, so no config/. It stamps the
  // mirror fields on every stream's incidents and keeps poll --mirror's state (mirror/).
  incidents: ['client', 'domain', 'mirror'],
  // mirror/: two-way mirroring per stream (src/mirror/source.ts); api/ is its one caller.
  mirror: ['client', 'domain'],
  validation: ['client', 'render', 'domain'],
  // client/ reads values through domain/values.ts (§5.1 lenient readers); domain/ imports nothing of ours.
  client: [],
  config: ['manifest'],
  render: ['domain'],
  // domain/: rules about Darktrace data (STYLE.md §1); it reads records as received and imports nothing of ours.
  domain: [],
  manifest: [],
  simulator: [],
  api: ['dispatch', 'incidents', 'mirror', 'validation', 'config', 'manifest', 'client', 'commands'],
  index: ['*'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function layerOf(path: string): string {
  const rel = relative(SRC, path).replace(/\\/g, '/');
  const first = rel.split('/')[0] ?? '';
  return rel.includes('/') ? first : first.replace(/\.ts$/, '');
}

interface Edge {
  from: string;
  to: string;
  /** `import type`: no runtime coupling, so it may cross a layer to name a shape (STYLE.md §1: "client/ (types)"). */
  typeOnly: boolean;
}

const edges: Edge[] = files(SRC).flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  const statics = [...text.matchAll(/(?:^|\n)\s*(import|export)(\s+type)?\s[^'";]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => ({
    spec: m[3] ?? '',
    typeOnly: m[2] !== undefined,
  }));
  const dynamics = [...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => ({ spec: m[1] ?? '', typeOnly: false }));
  return [...statics, ...dynamics].map(({ spec, typeOnly }) => ({ from: file, to: resolve(dirname(file), spec.replace(/\.js$/, '.ts')), typeOnly }));
});

describe('layers', () => {
  it('reads a real import graph, runtime and type-only edges', () => {
    expect(edges.filter((e) => !e.typeOnly).length).toBeGreaterThan(20);
    expect(edges.some((e) => e.typeOnly && layerOf(e.from) === 'commands' && layerOf(e.to) === 'client')).toBe(true);
  });

  it('no layer imports one it may not', () => {
    const breaches = edges
      .filter(({ typeOnly }) => !typeOnly)
      .map(({ from, to }) => ({ from: layerOf(from), to: layerOf(to), file: relative(SRC, from), target: relative(SRC, to) }))
      .filter(({ from, to }) => from !== to && !LEAVES.includes(to))
      .filter(({ from, to }) => {
        const allowed = ALLOWED[from];
        if (LEAVES.includes(from)) return true; // a leaf imports nothing of ours but leaves
        return !allowed || !(allowed.includes('*') || allowed.includes(to));
      })
      .map(({ file, target }) => `${file} -> ${target}`);
    expect(breaches).toEqual([]);
  });

  it('the CLI reaches the incident engine only through api/ (STYLE.md §1)', () => {
    const direct = edges
      .filter(({ from, to }) => layerOf(from) === 'cli' && layerOf(to) === 'incidents')
      .map(({ from, to }) => `${relative(SRC, from)} -> ${relative(SRC, to)}`);
    expect(direct).toEqual([]);
    expect(edges.some(({ from, to }) => layerOf(from) === 'api' && layerOf(to) === 'incidents' && !from.endsWith('index.ts'))).toBe(true);
  });

  it('the simulator never imports the client (a shared signing bug would pass unseen)', () => {
    const shared = edges.filter(({ from, to }) => layerOf(from) === 'simulator' && layerOf(to) === 'client');
    expect(shared).toEqual([]);
  });
});
