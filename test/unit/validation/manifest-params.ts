// Instance parameters as a real instance has them: the manifest's defaults, coerced by
// config/params.ts, with the given values on top. Validation declares no defaults of its own.
import { fixedClock } from '../../../src/clock.js';
import { resolveParams, type Params } from '../../../src/config/params.js';
import { loadManifest } from '../../../src/manifest/load.js';

export function manifestParams(over: Readonly<Record<string, unknown>> = {}): Params {
  return resolveParams(
    loadManifest(),
    { file: { url: 'https://dt.example', public_api_token: 'public-token-1', private_api_token: 'private-token-1', ...over } },
    fixedClock('2026-03-01T12:00:00Z'),
  );
}
