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
  /**
   * How messages name where `file` came from: "config file" (the CLI, the default), "request
   * params" (exec), "params" (the library).
   */
  readonly fileLabel?: string;
  /** Whether DARKTRACE_<NAME> variables are read, and so worth suggesting (not under exec). */
  readonly readsEnv?: boolean;
}

/** DARKTRACE_<NAME IN CAPITALS>: isFetch -> DARKTRACE_ISFETCH, min_score -> DARKTRACE_MIN_SCORE. */
export function envName(parameter: string): string {
  return `DARKTRACE_${parameter.toUpperCase()}`;
}

/** Variables of the process itself (retry timing, history file, debug), not instance parameters. */
const PROCESS_VARIABLE = /^DARKTRACE_SOAR_/;

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
    data = parseJsonOrYaml(text);
  } catch (err) {
    // Only where, never what: both parsers quote the offending text, which can be a token.
    throw new ConfigError([{ parameter: '--config', message: `${path} is not valid YAML or JSON${syntaxErrorPlace(err)}` }]);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError([{ parameter: '--config', message: `${path} must hold a mapping of parameter names to values` }]);
  }
  return data as Record<string, unknown>;
}

/** " (line L, column C)" of a YAML syntax error, from its position data only. */
export function syntaxErrorPlace(err: unknown): string {
  const place = (err as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
  return place ? ` (line ${place.line}, column ${place.col})` : '';
}

/**
 * JSON.parse first: a JSON config (what platforms write) then never loads the YAML parser. What it
 * refuses goes to the YAML parser, which accepts every JSON document and more, and locates errors.
 */
function parseJsonOrYaml(text: string): unknown {
  if (/^\s*\{/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // not strict JSON; YAML decides
    }
  }
  return (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);
}

export function resolveParams(manifest: Pick<Manifest, 'configuration'>, sources: ParamSources, clock: Clock): Params {
  const problems: ConfigProblem[] = [];
  const values: Record<string, unknown> = {};
  const declared = new Set(manifest.configuration.map((p) => p.name));
  const fileLabel = sources.fileLabel ?? 'config file';
  const readsEnv = sources.readsEnv ?? true;
  for (const key of Object.keys(sources.file ?? {})) {
    if (!declared.has(key) && key !== 'instances') {
      problems.push({ parameter: key, source: fileLabel, message: `not a parameter of this integration; known: ${[...declared].join(', ')}` });
    }
  }
  const byEnvName = new Map(manifest.configuration.map((p) => [envName(p.name), p.name]));
  for (const variable of Object.keys(sources.env ?? {})) {
    // A mistyped variable would otherwise be ignored without a word, and the default used instead.
    if (variable.startsWith('DARKTRACE_') && !PROCESS_VARIABLE.test(variable) && !byEnvName.has(variable) && sources.env?.[variable] !== undefined) {
      problems.push({ parameter: variable, message: `not a parameter of this integration; the variables are ${[...byEnvName.keys()].join(', ')}` });
    }
  }
  for (const parameter of manifest.configuration) {
    const fromEnv = sources.env?.[envName(parameter.name)];
    const fromFile = sources.file?.[parameter.name];
    const [raw, source] =
      fromEnv !== undefined && fromEnv !== ''
        ? [fromEnv, envName(parameter.name)]
        : fromFile !== undefined && fromFile !== null && fromFile !== ''
          ? [fromFile, fileLabel]
          : [parameter.defaultvalue, 'default'];
    if (raw === undefined) {
      if (parameter.required) {
        problems.push({ parameter: parameter.name, message: `required; set it in the ${fileLabel}${readsEnv ? ` or ${envName(parameter.name)}` : ''}` });
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
      // A URL can carry credentials (user:password@): never echo that part.
      const shown = secret ? '' : `, got ${JSON.stringify(text.replace(/\/\/[^/@]*@/, '//[redacted]@'))}`;
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return { error: `expected an http(s) URL such as https://darktrace.example.com${shown}` };
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: `expected an http(s) URL${shown}` };
      if (url.username || url.password || url.search || url.hash) return { error: `expected scheme, host, optional port and path only${shown}` };
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
