// Instance parameters, as the manifest declares them: read from a --config file (YAML or JSON, keys
// are the parameter names) and from DARKTRACE_<NAME> environment variables, which win. Every
// problem is reported at once, naming the parameter, where its value came from and the expected
// form. Secret (encrypted) parameters are named, never echoed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Clock } from '../clock.js';
import { ConfigError, type ConfigProblem } from '../errors.js';
import type { Manifest, Parameter } from '../manifest/schema.js';
import { PARAM_TYPE } from '../manifest/schema.js';
import { parseRelativeTime, RELATIVE_TIME_FORM } from '../relative-time.js';

/** The parameters every part of the integration reads; issue-specific ones ride along untyped. */
export interface Params {
  readonly url: string;
  readonly public_api_token: string;
  readonly private_api_token: string;
  readonly min_score: number;
  readonly max_alerts: number;
  readonly first_fetch: string;
  readonly insecure: boolean;
  readonly proxy: boolean;
  readonly isFetch: boolean;
  readonly timeout: number;
  readonly [name: string]: unknown;
}

export interface ParamSources {
  /** Parsed config file content (keys are parameter names). */
  readonly file?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function envName(parameter: string): string {
  return `DARKTRACE_${parameter.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** Reads a YAML or JSON config file into a plain object (JSON is valid YAML). */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([{ parameter: '--config', message: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}` }], { cause: err });
  }
  let data: unknown;
  try {
    // JSON is valid YAML, but JSON.parse spares a JSON config (the usual case for platforms) the
    // YAML parser's load time.
    data = looksLikeJson(text) ? JSON.parse(text) : (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);
  } catch (err) {
    throw new ConfigError([{ parameter: '--config', message: `${path} is not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}` }], { cause: err });
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError([{ parameter: '--config', message: `${path} must hold a mapping of parameter names to values` }]);
  }
  return data as Record<string, unknown>;
}

function looksLikeJson(text: string): boolean {
  return /^\s*\{/.test(text);
}

export function resolveParams(manifest: Pick<Manifest, 'configuration'>, sources: ParamSources, clock: Clock): Params {
  const problems: ConfigProblem[] = [];
  const values: Record<string, unknown> = {};
  const declared = new Set(manifest.configuration.map((p) => p.name));
  for (const key of Object.keys(sources.file ?? {})) {
    if (!declared.has(key) && key !== 'instances') {
      problems.push({ parameter: key, source: 'config file', message: `not a parameter of this integration; known: ${[...declared].join(', ')}` });
    }
  }
  for (const parameter of manifest.configuration) {
    const fromEnv = sources.env?.[envName(parameter.name)];
    const fromFile = sources.file?.[parameter.name];
    const [raw, source] =
      fromEnv !== undefined && fromEnv !== ''
        ? [fromEnv, envName(parameter.name)]
        : fromFile !== undefined && fromFile !== null && fromFile !== ''
          ? [fromFile, 'config file']
          : [parameter.defaultvalue, 'default'];
    if (raw === undefined) {
      if (parameter.required) {
        problems.push({ parameter: parameter.name, message: `required; set it in the config file or ${envName(parameter.name)}` });
      }
      continue;
    }
    const result = coerceParameter(parameter, raw, clock);
    if ('error' in result) problems.push({ parameter: parameter.name, source, message: result.error });
    else values[parameter.name] = result.value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(values) as Params;
}

type Coerced = { value: unknown } | { error: string };

export function coerceParameter(parameter: Parameter, raw: unknown, clock: Clock): Coerced {
  const secret = parameter.type === PARAM_TYPE.encrypted;
  const got = secret ? '' : `, got ${JSON.stringify(raw)}`;
  const format = parameter.format;
  switch (format.kind) {
    case 'string': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return { error: `expected text${got}` };
      const text = String(raw);
      if (format.maxLength !== undefined && text.length > format.maxLength) return { error: `expected at most ${format.maxLength} characters` };
      return { value: text };
    }
    case 'url': {
      const text = String(raw).trim();
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return { error: `expected an http(s) URL such as https://darktrace.example.com${got}` };
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: `expected an http(s) URL${got}` };
      if (url.username || url.password || url.search || url.hash) return { error: `expected scheme, host, optional port and path only${got}` };
      return { value: text.replace(/\/+$/, '') };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const word = String(raw).trim().toLowerCase();
      if (word === 'true' || word === 'yes') return { value: true };
      if (word === 'false' || word === 'no') return { value: false };
      return { error: `expected true or false${got}` };
    }
    case 'integer': {
      const text = String(raw).trim();
      const n = Number(text);
      const bounds =
        format.min !== undefined && format.max !== undefined
          ? ` from ${format.min} to ${format.max}`
          : format.min !== undefined
            ? ` of at least ${format.min}`
            : '';
      if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(n)) return { error: `expected an integer${bounds}${got}` };
      if ((format.min !== undefined && n < format.min) || (format.max !== undefined && n > format.max)) {
        return { error: `expected an integer${bounds}${got}` };
      }
      return { value: n };
    }
    case 'relative-time': {
      const text = String(raw).trim();
      return parseRelativeTime(text, clock) === undefined ? { error: `expected ${RELATIVE_TIME_FORM}${got}` } : { value: text };
    }
    case 'json': {
      let value: unknown = raw;
      if (typeof raw === 'string') {
        try {
          value = JSON.parse(raw);
        } catch {
          return { error: `expected JSON${got}` };
        }
      }
      if (format.shape === 'object' && (typeof value !== 'object' || value === null || Array.isArray(value))) return { error: `expected a JSON object${got}` };
      if (format.shape === 'array' && !Array.isArray(value)) return { error: `expected a JSON list${got}` };
      return { value };
    }
    case 'predefined': {
      const text = String(raw).trim();
      const match = format.options.find((o) => o.toLowerCase() === text.toLowerCase());
      return match === undefined ? { error: `expected one of ${format.options.join(', ')}${got}` } : { value: match };
    }
  }
}
