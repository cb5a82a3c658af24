// Instance parameters, as the manifest declares them: read from a --config file (YAML or JSON, keys
// are the parameter names) and from DARKTRACE_<NAME> environment variables, which win. Every
// problem is reported at once, naming the parameter, where its value came from and the expected
// form. Secret (encrypted) parameters are named, never echoed. How a value becomes its declared
// type is the manifest's one coercion engine (manifest/coerce.ts), shared with command arguments;
// this module only knows where values come from and what makes a parameter secret.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inspect, type InspectOptionsStylized } from 'node:util';
import type * as Yaml from 'yaml';
import type { Clock } from '../clock.js';
import { canonicalParameterNames } from './aliases.js';
import { ConfigError, describeErrno, MIN_SECRET_LENGTH, REDACTED, registerSecret, type ConfigProblem } from '../errors.js';
import type { Manifest, Parameter } from '../manifest/schema.js';
import { PARAM_TYPE } from '../manifest/schema.js';
import type { Params } from '../manifest/params.generated.js';
import { coerceDeclared, givenOrDefault, isBlank, parameterDeclared } from '../manifest/coerce.js';
import { closestName, didYouMean } from '../suggest.js';

export type { Params } from '../manifest/params.generated.js';

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
  /** Told about DARKTRACE_* variables that are no parameter and no near miss of one (a debug log). */
  readonly onIgnoredVariable?: (variable: string) => void;
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
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError([{ parameter: '--config', message: `cannot read ${path}: ${code ? describeErrno(code) : 'error'}` }], { cause: err });
  }
  let data: unknown;
  try {
    // JSON is valid YAML, but JSON.parse spares a JSON config (the usual case for platforms) the
    // YAML parser's load time.
    data = parseJsonOrYaml(text, path);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
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
function syntaxErrorPlace(err: unknown): string {
  const place = (err as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
  return place ? ` (line ${place.line}, column ${place.col})` : '';
}

/** What a YAML warning means, in words; the parser's own text quotes the line, which can hold a token. */
const YAML_WARNING: Readonly<Record<string, string>> = {
  TAG_RESOLVE_FAILED: 'an unknown YAML tag (such as !secret); darktrace-soar resolves no tags: write the value itself',
  BAD_COLLECTION_TYPE: 'a YAML tag that does not fit its value',
  BAD_ALIAS: 'an ambiguous YAML anchor or alias name (ending in ":")',
  BAD_INDENT: 'ambiguous YAML indentation',
  BAD_DIRECTIVE: 'an unsupported YAML directive',
};

/**
 * JSON.parse first: a JSON config (what platforms write) then never loads the YAML parser. What it
 * refuses goes to the YAML parser, which accepts every JSON document and more, and locates errors.
 * YAML warnings are refused like errors, by line, column and kind only: the parser would print them
 * itself with the whole line (issue #12: `private_api_token: !secret X` showed the token), and an
 * unresolved tag silently reads `!secret X` as the text "X": the values read may differ from what
 * was written, so the file is refused (ConfigError, one line per warning).
 */
function parseJsonOrYaml(text: string, path: string): unknown {
  if (/^\s*\{/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // not strict JSON; YAML decides
    }
  }
  const yaml = createRequire(import.meta.url)('yaml') as typeof Yaml;
  // parseDocument never prints (parse() would emit each warning as a process warning, line included).
  const doc = yaml.parseDocument(text);
  if (doc.errors.length > 0) throw doc.errors[0];
  if (doc.warnings.length > 0) {
    throw new ConfigError(
      doc.warnings.map((w) => ({
        parameter: '--config',
        message: `${path}${syntaxErrorPlace(w) || ' (YAML)'}: ${YAML_WARNING[w.code] ?? `a YAML warning (${w.code})`}`,
      })),
    );
  }
  return doc.toJS();
}

export function resolveParams(manifest: Pick<Manifest, 'configuration'>, sources: ParamSources, clock: Clock): Params {
  const problems: ConfigProblem[] = [];
  const values: Record<string, unknown> = {};
  const declared = new Set(manifest.configuration.map((p) => p.name));
  const fileLabel = sources.fileLabel ?? 'config file';
  const readsEnv = sources.readsEnv ?? true;
  // XSOAR's names for our parameters (max_fetch, publicApiKey, ...) become ours first (aliases.ts).
  const aliased = canonicalParameterNames(manifest, sources.file ?? {}, fileLabel);
  problems.push(...aliased.problems);
  sources = { ...sources, file: aliased.values };
  for (const key of Object.keys(sources.file ?? {})) {
    if (!declared.has(key) && key !== 'instances') {
      const hint = didYouMean(key, declared);
      problems.push({ parameter: key, source: fileLabel, message: `not a parameter of this integration${hint || `; known: ${[...declared].join(', ')}`}` });
    }
  }
  const byEnvName = new Map(manifest.configuration.map((p) => [envName(p.name), p.name]));
  // DARKTRACE_MAX_FETCH and the like: an alias in a variable is refused with ours, never ignored.
  const aliasVariables = new Map(manifest.configuration.flatMap((p) => (p.aliases ?? []).map((a) => [envName(a), envName(p.name)] as const)));
  for (const variable of Object.keys(sources.env ?? {})) {
    if (!variable.startsWith('DARKTRACE_') || PROCESS_VARIABLE.test(variable) || byEnvName.has(variable) || sources.env?.[variable] === undefined) continue;
    const ours = aliasVariables.get(variable);
    if (ours !== undefined) {
      problems.push({ parameter: variable, message: `not read: the variables use our parameter names; set ${ours}` });
      continue;
    }
    // A near miss of a parameter's variable is a typo: used silently, the default would win instead.
    // Anything else (DARKTRACE_HOME of another tool) is none of ours and must not stop a command.
    // Compared without the shared prefix, which would make every DARKTRACE_* name look close.
    const prefix = 'DARKTRACE_'.length;
    const near = closestName(
      variable.slice(prefix),
      [...byEnvName.keys()].map((name) => name.slice(prefix)),
    );
    const suggestion = near === undefined ? undefined : `DARKTRACE_${near}`;
    if (suggestion !== undefined) problems.push({ parameter: variable, message: `not a parameter of this integration; did you mean ${suggestion}?` });
    else sources.onIgnoredVariable?.(variable);
  }
  for (const parameter of manifest.configuration) {
    const fromEnv = sources.env?.[envName(parameter.name)];
    const fromFile = sources.file?.[parameter.name];
    // DARKTRACE_<NAME> wins over the file; blank values count as not given (the default applies).
    const [given, givenSource] = !isBlank(fromEnv) ? [fromEnv, envName(parameter.name)] : [fromFile, fileLabel];
    const chosen = givenOrDefault(parameterDeclared(parameter), given);
    if (chosen === undefined) {
      if (parameter.required) {
        problems.push({ parameter: parameter.name, message: `required; set it in the ${fileLabel}${readsEnv ? ` or ${envName(parameter.name)}` : ''}` });
      }
      continue;
    }
    const source = chosen.fromDefault ? 'default' : givenSource;
    const result = coerceParameter(parameter, chosen.raw, clock);
    if ('error' in result) problems.push({ parameter: parameter.name, source, message: result.error });
    else {
      values[parameter.name] = result.value;
      // From here on every error message in the process is redacted against it (src/errors.ts).
      if (parameter.type === PARAM_TYPE.encrypted && typeof result.value === 'string') registerSecret(result.value);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  // Every declared parameter was coerced to its declared type above (or reported), and Params is
  // generated from the same declarations (`npm run generate`, src/manifest/generate-types.ts).
  return Object.freeze(withRedactedViews(values, secretNames(manifest))) as unknown as Params;
}

function secretNames(manifest: Pick<Manifest, 'configuration'>): string[] {
  return manifest.configuration.filter((p) => p.type === PARAM_TYPE.encrypted).map((p) => p.name);
}

/** The parameters with their secret values replaced, for showing (inspect, JSON); other values as they are. */
function redactedParams(values: Readonly<Record<string, unknown>>, secrets: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, secrets.includes(k) && v !== undefined ? REDACTED : v]));
}

/**
 * util.inspect (console.log, a REPL) and JSON.stringify of the parameters show [redacted] for the
 * tokens (issue #12). Non-enumerable, so Object.keys, spreading and equality see the values only.
 */
function withRedactedViews<T extends Record<string, unknown>>(values: T, secrets: readonly string[]): T {
  const view = () => redactedParams(values, secrets);
  Object.defineProperty(values, 'toJSON', { value: view, enumerable: false });
  Object.defineProperty(values, inspect.custom, {
    value: (depth: number, options: InspectOptionsStylized) => `Params ${inspect(view(), { ...options, depth })}`,
    enumerable: false,
  });
  return values;
}

/**
 * The manifest's coercion (manifest/coerce.ts) and what is particular to instance parameters: a
 * secret is never echoed and must be long enough to redact; a text value is not echoed either (it
 * can be long).
 */
function coerceParameter(parameter: Parameter, raw: unknown, clock: Clock): { value: unknown } | { error: string } {
  const secret = parameter.type === PARAM_TYPE.encrypted;
  const declared = parameterDeclared(parameter);
  const result = coerceDeclared(declared, raw, clock);
  if (!result.ok) {
    const quiet = secret || result.shown === undefined || (declared.type.kind === 'text' && typeof raw === 'string');
    return { error: `${result.message}${quiet ? '' : `, got ${JSON.stringify(result.shown)}`}` };
  }
  // Darktrace API tokens are about 30-40 characters. A very short "secret" cannot be redacted
  // from messages without garbling them (a token "e" would hide every e), so it is refused.
  if (secret && typeof result.value === 'string' && result.value.length < MIN_SECRET_LENGTH) {
    return { error: `expected at least ${MIN_SECRET_LENGTH} characters (Darktrace API tokens are longer); copy the whole token` };
  }
  return { value: result.value };
}
