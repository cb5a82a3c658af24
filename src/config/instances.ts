// Several named instances in one config file (issue #7, "Many appliances"): an MSSP polls dozens of
// appliances from one file.
//
//   min_score: 60            # top level: defaults for every instance
//   isFetch: true
//   instances:
//     acme-eu: { url: https://dt.acme.example, public_api_token: ..., private_api_token: ... }
//     globex:  { url: https://10.0.0.5, min_score: 80, ... }
//
// An instance's own value wins over the top-level default, which wins over the manifest default.
// DARKTRACE_<NAME> variables are not read here: one variable would point every instance at the
// same appliance. Every instance is validated by the manifest and all problems are reported at
// once, each prefixed with its YAML path (`instances.acme-eu.min_score`).
import type { Clock } from '../clock.js';
import { ConfigError } from '../errors.js';
import type { Manifest } from '../manifest/schema.js';
import { loadManifest } from '../manifest/load.js';
import { canonicalParameterNames, parameterNameOf } from './aliases.js';
import { resolveParams, type Params } from './params.js';

export interface NamedInstance {
  readonly name: string;
  /** The merged raw values (defaults + the instance's own), as createIntegration takes them. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly params: Params;
}

/**
 * Names become file names (<state-dir>/<name>.json): letters, digits, `.`, `_`, `-`, not starting
 * with a dot, at most 64 characters. Names are compared case-insensitively because macOS and
 * Windows file systems do, and two instances must never share a checkpoint.
 */
const INSTANCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The instances of a parsed config file; ConfigError listing every problem of every instance. */
export function resolveInstances(manifest: Pick<Manifest, 'configuration'>, file: Readonly<Record<string, unknown>>, clock: Clock): NamedInstance[] {
  const { instances, ...given } = file;
  const declared = new Set(manifest.configuration.map((p) => p.name));
  // Aliases (max_fetch, ...) renamed at each level on its own, so that a top-level max_fetch and an
  // instance's max_alerts are a default and its override, not the same value given twice.
  const { values: topLevel, problems } = canonicalParameterNames(manifest, given, 'config file, top level');
  // Checked once here, not once per instance, so a typo at the top is one line, not fifty.
  for (const key of Object.keys(topLevel)) {
    if (!declared.has(key))
      problems.push({ parameter: key, source: 'config file, top level', message: `not a parameter of this integration; known: ${[...declared].join(', ')}` });
  }
  const defaults = Object.fromEntries(Object.entries(topLevel).filter(([key]) => declared.has(key)));
  if (!isRecord(instances) || Object.keys(instances).length === 0) {
    throw new ConfigError([
      {
        parameter: 'instances',
        source: 'config file',
        message: 'expected a mapping of instance names to their parameters, e.g. instances: { acme-eu: { url: ..., ... } }',
      },
    ]);
  }
  const resolved: NamedInstance[] = [];
  const seen = new Map<string, string>();
  for (const [name, own] of Object.entries(instances)) {
    const path = `instances.${name}`;
    if (!INSTANCE_NAME.test(name)) {
      problems.push({ parameter: path, message: 'instance names become file names: use letters, digits, ".", "_" and "-" (not first), at most 64 characters' });
      continue;
    }
    const clash = seen.get(name.toLowerCase());
    if (clash !== undefined) {
      problems.push({ parameter: path, message: `same file name as instance ${clash} on a case-insensitive file system; rename one` });
      continue;
    }
    seen.set(name.toLowerCase(), name);
    if (!isRecord(own)) {
      problems.push({ parameter: path, message: 'expected a mapping of parameter names to values' });
      continue;
    }
    if ('instances' in own) problems.push({ parameter: `${path}.instances`, message: 'instances do not nest' });
    const named = canonicalParameterNames(manifest, own, 'config file');
    for (const p of named.problems) problems.push({ ...p, parameter: `${path}.${p.parameter}` });
    const values = { ...defaults, ...named.values };
    try {
      resolved.push({ name, values, params: resolveParams(manifest, { file: values, env: {} }, clock) });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const p of err.problems) {
        // A value the instance inherited is fixed at the top level, so say where it came from.
        const inherited = p.source === 'config file' && !(p.parameter in named.values);
        // resolveParams gives no source only for a missing required value; its hint names the
        // DARKTRACE_* variable, which is not read for instances.
        const message = p.source === undefined ? `required; set it under ${path} or at the top level` : p.message;
        problems.push({ ...p, message, parameter: `${path}.${p.parameter}`, ...(inherited ? { source: 'config file, top level' } : {}) });
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return resolved;
}

/**
 * The raw values of one instance of a multi-instance file (top-level defaults, then its own), for
 * the single-instance subcommands' --instance NAME. Only that instance is then validated, so a typo
 * in another appliance's entry does not block an analyst working on this one.
 */
export function selectInstance(
  file: Readonly<Record<string, unknown>>,
  name: string | undefined,
  manifest: Pick<Manifest, 'configuration'> = loadManifest(),
): Record<string, unknown> {
  const { instances, ...topLevel } = file;
  const names = isRecord(instances) ? Object.keys(instances) : [];
  if (name === undefined) {
    if (names.length === 0) return { ...file };
    throw new ConfigError([
      {
        parameter: '--instance',
        message: `this config file defines instances (${names.join(', ')}); choose one with --instance NAME, or poll them all with poll --all`,
      },
    ]);
  }
  const own = isRecord(instances) ? instances[name] : undefined;
  if (!isRecord(own)) {
    throw new ConfigError([
      { parameter: '--instance', message: `no instance ${JSON.stringify(name)} in the config file; its instances are ${names.join(', ') || '(none)'}` },
    ]);
  }
  // The instance's value wins over the top level's under any of its names (max_fetch at the top,
  // max_alerts in the instance), so that the two are not taken for the same value given twice.
  const overridden = new Set(Object.keys(own).map((key) => parameterNameOf(manifest, key)));
  const inherited = Object.entries(topLevel).filter(([key]) => !overridden.has(parameterNameOf(manifest, key)));
  return { ...Object.fromEntries(inherited), ...own };
}
