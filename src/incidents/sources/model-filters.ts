// The model-breach triage filters the appliance cannot apply (reference/darktrace-next.md §D.1:
// /modelbreaches filters neither on priority, category nor model name), read once per instance
// from its parameters and applied to each breach the appliance returned. The engine applies them
// after the checkpoint decision (fetch-incidents.ts): a breach left out is passed like a delivered
// one, counted under the rule that left it out, and never asked for again.
//
// What a filter cannot read does not filter: a breach whose priority, category or model name is
// missing or unreadable is delivered (never lose an incident), and its severity still comes from
// the shared rules of domain/breach.ts.
import { breachModel, breachScore01, MODEL_CATEGORIES, modelCategory, modelNameOf, modelPriority, type ModelCategory } from '../../domain/breach.js';
import { compileModelGlob, MODEL_GLOB_FORM, type ModelGlob } from '../../domain/glob.js';
import { ConfigError, type ConfigProblem } from '../../errors.js';
import { closestName } from '../../suggest.js';
import type { FetchParams } from '../source.js';

/** The rules, in the order a breach is tested against them; it is counted under the first that leaves it out. */
export type ModelFilterRule = 'min_score' | 'min_priority' | 'categories' | 'model_include' | 'model_exclude';

interface ModelFilters {
  readonly minScore01: number;
  readonly minPriority: number;
  /** Undefined: every category. */
  readonly categories: ReadonlySet<ModelCategory> | undefined;
  /** Undefined: every model. */
  readonly include: readonly ModelGlob[] | undefined;
  readonly exclude: readonly ModelGlob[];
}

/**
 * A parameter's list: one entry per line, or, on a single line, separated by commas (a model name
 * that holds a comma needs the one-per-line form). Blank entries are ignored.
 */
function splitList(text: string): string[] {
  return text
    .split(text.includes('\n') ? /\r?\n/ : ',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A text parameter as the code reads it today (typed Params: a string, or absent). */
function textParam(params: FetchParams, name: 'categories' | 'model_include' | 'model_exclude'): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function readCategories(params: FetchParams, problems: ConfigProblem[]): ReadonlySet<ModelCategory> | undefined {
  const text = textParam(params, 'categories');
  if (text === undefined) return undefined;
  const chosen = new Set<ModelCategory>();
  for (const entry of splitList(text)) {
    const category = MODEL_CATEGORIES.find((c) => c.toLowerCase() === entry.toLowerCase());
    if (category) chosen.add(category);
    else {
      const near = closestName(entry, MODEL_CATEGORIES);
      problems.push({
        parameter: 'categories',
        message: `expected a comma-separated list of ${MODEL_CATEGORIES.join(', ')}; ${JSON.stringify(entry)} is not one${near ? ` (did you mean ${near}?)` : ''}`,
      });
    }
  }
  return chosen.size === 0 ? undefined : chosen;
}

function readGlobs(params: FetchParams, name: 'model_include' | 'model_exclude', problems: ConfigProblem[]): ModelGlob[] | undefined {
  const text = textParam(params, name);
  if (text === undefined) return undefined;
  const globs: ModelGlob[] = [];
  for (const entry of splitList(text)) {
    const glob = compileModelGlob(entry);
    if ('error' in glob)
      problems.push({ parameter: name, message: `expected one ${MODEL_GLOB_FORM} per line (or comma-separated); ${JSON.stringify(entry)} ${glob.error}` });
    else globs.push(glob);
  }
  return globs.length === 0 ? undefined : globs;
}

const cache = new WeakMap<FetchParams, ModelFilters>();

/**
 * The instance's filters, read once per params object. Throws ConfigError (DT_CONFIG_INVALID,
 * exit 2) naming every bad parameter with its accepted form: an unknown category, an invalid glob.
 * min_priority's range (0-5) is checked by the manifest when the parameters are read.
 */
export function modelFilters(params: FetchParams): ModelFilters {
  const known = cache.get(params);
  if (known) return known;
  const problems: ConfigProblem[] = [];
  const categories = readCategories(params, problems);
  const include = readGlobs(params, 'model_include', problems);
  const exclude = readGlobs(params, 'model_exclude', problems) ?? [];
  if (problems.length > 0) throw new ConfigError(problems);
  const filters: ModelFilters = {
    minScore01: params.min_score / 100,
    minPriority: typeof params.min_priority === 'number' ? params.min_priority : 0,
    categories,
    include,
    exclude,
  };
  cache.set(params, filters);
  return filters;
}

/** The first rule that leaves the breach out, or undefined when it is delivered. */
export function breachFilterRule(breach: unknown, f: ModelFilters): ModelFilterRule | undefined {
  // Records under min_score that the appliance returned anyway (it should not); an unreadable
  // score is delivered: the appliance applied minscore already (darktrace-api.md §4.9).
  const score01 = breachScore01(breach);
  if (score01 !== undefined && score01 < f.minScore01) return 'min_score';
  const model = breachModel(breach);
  if (f.minPriority > 0) {
    const priority = modelPriority(model);
    if (priority !== undefined && priority < f.minPriority) return 'min_priority';
  }
  if (f.categories) {
    const category = modelCategory(model);
    if (category !== undefined && !f.categories.has(category)) return 'categories';
  }
  const name = f.include || f.exclude.length > 0 ? modelNameOf(breach) : undefined;
  if (name !== undefined) {
    if (f.include && !f.include.some((g) => g.matches(name))) return 'model_include';
    if (f.exclude.some((g) => g.matches(name))) return 'model_exclude';
  }
  return undefined;
}
