// `darktrace-soar --version`: the version in package.json. Imports nothing heavy (no zod, pino,
// undici or yaml), so it answers as fast as node starts.
import { readFileSync } from 'node:fs';
import { packagePath } from '../paths.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
