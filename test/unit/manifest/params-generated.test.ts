// src/manifest/params.generated.ts is written from integration.yml by this test: the Params type
// that every reader of an instance parameter is checked against. After adding or changing a
// parameter in integration.yml, run
//   npx vitest run test/unit/manifest/params-generated.test.ts -u
// and commit the regenerated file with the manifest; without -u the test fails while it is stale.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { resolveParams } from '../../../src/config/params.js';
import { parameterDeclared, type ValueType } from '../../../src/manifest/coerce.js';
import { parseManifest } from '../../../src/manifest/load.js';
import type { Manifest, Parameter } from '../../../src/manifest/schema.js';
import { packagePath } from '../../../src/paths.js';

const GENERATED = packagePath('src', 'manifest', 'params.generated.ts');

function tsType(type: ValueType): string {
  switch (type.kind) {
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'number':
      return 'number';
    case 'predefined':
      return type.options.map((o) => JSON.stringify(o)).join(' | ');
    case 'json':
      return type.shape === 'object' ? 'Readonly<Record<string, unknown>>' : type.shape === 'array' ? 'readonly unknown[]' : 'unknown';
    case 'datetime':
      return 'number';
    default:
      return 'string';
  }
}

function docOf(p: Parameter): string {
  const lines = [p.display.endsWith('.') ? p.display : `${p.display}.`, ...(p.additionalinfo ? [p.additionalinfo] : [])];
  if (p.defaultvalue !== undefined) lines.push(`Default: ${JSON.stringify(p.defaultvalue)}.`);
  return ['  /**', ...lines.map((l) => `   * ${l.replaceAll('*/', '*\\/')}`), '   */'].join('\n');
}

/** The module text: one member per parameter, optional when it is neither required nor defaulted. */
function renderParamsModule(manifest: Manifest): string {
  const members = manifest.configuration.map((p) => {
    const optional = !p.required && p.defaultvalue === undefined ? '?' : '';
    return `${docOf(p)}\n  readonly ${p.name}${optional}: ${tsType(parameterDeclared(p).type)};`;
  });
  return [
    '// Generated from integration.yml by test/unit/manifest/params-generated.test.ts; do not edit by hand.',
    '// After changing a parameter: npx vitest run test/unit/manifest/params-generated.test.ts -u',
    '',
    '/** Instance parameters after coercion (config/params.ts): every declared parameter, typed as integration.yml declares it. */',
    'export interface Params {',
    members.join('\n'),
    '}',
    '',
  ].join('\n');
}

const manifest = parseManifest(readFileSync(packagePath('integration.yml'), 'utf8'));

describe('params.generated.ts', () => {
  it('is the Params type integration.yml declares (run with -u after changing a parameter)', async () => {
    await expect(renderParamsModule(manifest)).toMatchFileSnapshot(GENERATED);
  });

  it('names every parameter of the manifest, in its order', () => {
    const text = renderParamsModule(manifest);
    const members = [...text.matchAll(/^ {2}readonly (\w+)\??:/gm)].map((m) => m[1]);
    expect(members).toEqual(manifest.configuration.map((p) => p.name));
  });

  it('resolved parameters hold every member that is not optional, with its declared JavaScript type', () => {
    const params = resolveParams(
      manifest,
      { file: { url: 'https://dt.example', public_api_token: 'public-token-1', private_api_token: 'private-token-1' } },
      fixedClock('2026-03-01T12:00:00Z'),
    );
    const wrong = manifest.configuration
      .filter((p) => p.required || p.defaultvalue !== undefined)
      .filter((p) => {
        const value: unknown = params[p.name as keyof typeof params];
        const want = tsType(parameterDeclared(p).type);
        return want === 'boolean' || want === 'number' || want === 'string'
          ? typeof value !== want
          : want === 'readonly unknown[]'
            ? !Array.isArray(value)
            : typeof value !== 'object' || value === null;
      })
      .map((p) => p.name);
    expect(wrong).toEqual([]);
  });
});
