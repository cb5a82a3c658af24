// src/manifest/params.generated.ts is written from integration.yml by `npm run generate`
// (src/manifest/generate-types.ts): the Params type that every reader of an instance parameter is
// checked against. This test fails while the committed file is stale, and checks that resolved
// parameters have the types it declares.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { resolveParams } from '../../../src/config/params.js';
import { parameterDeclared } from '../../../src/manifest/coerce.js';
import { PARAMS_FILE, parameterTsType, renderParams } from '../../../src/manifest/generate-types.js';
import { parseManifest } from '../../../src/manifest/load.js';
import { packagePath } from '../../../src/paths.js';

const manifest = parseManifest(readFileSync(packagePath('integration.yml'), 'utf8'));

describe('params.generated.ts', () => {
  it('is the Params type integration.yml declares (run `npm run generate` after changing a parameter)', () => {
    expect(readFileSync(packagePath(...PARAMS_FILE), 'utf8'), 'src/manifest/params.generated.ts is stale: run `npm run generate`').toBe(renderParams(manifest));
  });

  it('names every parameter of the manifest, in its order', () => {
    const text = renderParams(manifest);
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
        const type = parameterDeclared(p).type;
        // A predefined parameter's type is a union of its options: each is a string.
        const want = type.kind === 'predefined' ? 'string' : parameterTsType(type);
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
