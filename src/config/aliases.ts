// Instance parameters under the names the public XSOAR Darktrace integrations give them
// (`max_fetch`, `publicApiKey`, ... : test_data/xsoar/comparison.md §1), declared as `aliases:` in
// integration.yml. They are renamed to our names before anything else reads the values, so every
// later message and every reader sees one name. Giving a name and its alias together is refused,
// even with equal values: which one a platform meant cannot be known.
import type { ConfigProblem } from '../errors.js';
import { renameAliases } from '../manifest/aliases.js';
import type { Manifest } from '../manifest/schema.js';

export interface CanonicalValues {
  readonly values: Record<string, unknown>;
  readonly problems: ConfigProblem[];
}

/** `values` with every alias key renamed to its parameter's name (manifest/aliases.ts); other keys (known or not) as they are. */
export function canonicalParameterNames(manifest: Pick<Manifest, 'configuration'>, values: Readonly<Record<string, unknown>>, source: string): CanonicalValues {
  const renamed = renameAliases(manifest.configuration, values);
  // Blamed on the alias, whichever came first: our name is the one the message recommends.
  const problems: ConfigProblem[] = renamed.clashes.map(({ name, first, second }) => {
    const alias = second === name ? first : second;
    return { parameter: alias, source, message: `is another name for ${name}; set one of ${name} and ${alias}, not both` };
  });
  return { values: renamed.values, problems };
}

/** The parameter name `key` stands for: itself, or the parameter it is an alias of. */
export function parameterNameOf(manifest: Pick<Manifest, 'configuration'>, key: string): string {
  return manifest.configuration.find((p) => p.aliases?.includes(key) === true)?.name ?? key;
}
