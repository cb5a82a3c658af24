// Walks the import graph of src/ and fails when a layer imports one above it (STYLE.md §1): data
// flows CLI -> dispatcher -> handler -> client, and the simulator never shares the client's code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const LEAVES = ['errors', 'clock', 'log', 'paths', 'relative-time', 'net-values'];

// layer -> layers it may import (leaves are always allowed)
const ALLOWED: Record<string, readonly string[]> = {
  cli: ['*'],
  dispatch: ['manifest', 'commands', 'client'],
  // validation/: the security-validation commands (#6) are thin handlers over the validation
  // logic, which the CLI's `validate` job shares; validation/ itself never names a command.
  commands: ['client', 'render', 'validation'],
  fetch: ['client', 'render', 'config'],
  validation: ['client', 'render', 'config'],
  client: [],
  config: ['manifest'],
  render: [],
  manifest: [],
  simulator: [],
  api: ['*'],
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

const edges = files(SRC).flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
  return specifiers.map((spec) => ({ from: file, to: resolve(dirname(file), spec.replace(/\.js$/, '.ts')) }));
});

describe('layers', () => {
  it('reads a real import graph', () => {
    expect(edges.length).toBeGreaterThan(20);
  });

  it('no layer imports one it may not', () => {
    const breaches = edges
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

  it('the simulator never imports the client (a shared signing bug would pass unseen)', () => {
    const shared = edges.filter(({ from, to }) => layerOf(from) === 'simulator' && layerOf(to) === 'client');
    expect(shared).toEqual([]);
  });
});
