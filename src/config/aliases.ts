// Instance parameters under the names the public XSOAR Darktrace integrations give them
// (`max_fetch`, `publicApiKey`, ... : test_data/xsoar/comparison.md §1), declared as `aliases:` in
// integration.yml. They are renamed to our names before anything else reads the values, so every
// later message and every reader sees one name. Giving a name and its alias together is refused,
// even with equal values: which one a platform meant cannot be known.
import type { ConfigProblem } from '../errors.js';
import type { Manifest } from '../manifest/schema.js';

export interface CanonicalValues {
  readonly values: Record<string, unknown>;
  readonly problems: ConfigProblem[];
}

/** `values` with every alias key renamed to its parameter's name; other keys (known or not) as they are. */
export function canonicalParameterNames(manifest: Pick<Manifest, 'configuration'>, values: Readonly<Record<string, unknown>>, source: string): CanonicalValues {
  const canonical = new Map<string, string>();
  for (const p of manifest.configuration) for (const alias of p.aliases ?? []) canonical.set(alias, p.name);
  // No prototype: a "__proto__" key of a JSON config stays a key (refused later as unknown) instead
  // of becoming the prototype that every parameter lookup would read through.
  const out = Object.create(null) as Record<string, unknown>;
  const problems: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(values)) {
    const name = canonical.get(key);
    if (name === undefined) {
      out[key] = value;
    } else if (Object.hasOwn(values, name) || Object.hasOwn(out, name)) {
      problems.push({ parameter: key, source, message: `is another name for ${name}; set one of ${name} and ${key}, not both` });
    } else {
      out[name] = value;
    }
  }
  return { values: out, problems };
}

/** The parameter name `key` stands for: itself, or the parameter it is an alias of. */
export function parameterNameOf(manifest: Pick<Manifest, 'configuration'>, key: string): string {
  return manifest.configuration.find((p) => p.aliases?.includes(key) === true)?.name ?? key;
}
