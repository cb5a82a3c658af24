// Rules about a model breach shared by the incident fetcher, the breach commands and rendering, so
// an incident's name and severity and the `Darktrace.ModelBreach` context a playbook reads next can
// never disagree. Every rule reads the record as received (any shape of §5.1 in
// reference/darktrace-api.md) and degrades, never throws: a System breach, an inline model, a score
// sent as a string or on the 0-100 scale all get an answer.
import { isPlainObject, readInteger, readNumber, readText } from '../appliance-values.js';

export type ModelCategory = 'Critical' | 'Suspicious' | 'Compliance' | 'Informational';
const CATEGORIES: readonly ModelCategory[] = ['Critical', 'Suspicious', 'Compliance', 'Informational'];

/** SOAR severity: 1 low, 2 medium, 3 high, 4 critical (soar-conventions.md §3). */
export type Severity = 1 | 2 | 3 | 4;

/** Documented categories (§5) -> severity. Matched as whole words, never by substring. */
const CATEGORY_SEVERITY: Readonly<Record<ModelCategory, Severity>> = {
  Critical: 4,
  Suspicious: 3,
  Compliance: 2,
  Informational: 1,
};

/** The severity of a category: the table model breaches and AI Analyst incidents share. */
export function categorySeverity(category: ModelCategory): Severity {
  return CATEGORY_SEVERITY[category];
}

/** Score bands (percent, inclusive lower bound) for breaches whose model has neither category nor priority. */
const SCORE_BANDS: ReadonlyArray<readonly [minPercent: number, severity: Severity]> = [
  [90, 4],
  [70, 3],
  [40, 2],
  [0, 1],
];

/**
 * The model as it was when the breach fired: `model.then`; or `model` itself when the appliance sent
 * it inline (`historicmodelonly`, §4.9); else `model.now`. Undefined when there is no model object.
 */
export function breachModel(breach: unknown): Record<string, unknown> | undefined {
  const model = isPlainObject(breach) ? breach['model'] : undefined;
  if (!isPlainObject(model)) return undefined;
  if (isPlainObject(model['then'])) return model['then'];
  if (readText(model['name']) !== undefined || readNumber(model['pid']) !== undefined) return model;
  return isPlainObject(model['now']) ? model['now'] : undefined;
}

/**
 * The model's category: `compliance: true` wins over `category` (§5); the category is matched as a
 * whole word in any case (breaches capitalise it, AI Analyst does not); without one it is derived
 * from `priority` (0-3 Informational, 4 Suspicious, 5 Critical; 5.0 and "5" alike).
 */
export function modelCategory(model: unknown): ModelCategory | undefined {
  if (!isPlainObject(model)) return undefined;
  if (model['compliance'] === true || model['compliance'] === 'true') return 'Compliance';
  const named = readText(model['category'])?.trim().toLowerCase();
  const category = CATEGORIES.find((c) => c.toLowerCase() === named);
  if (category) return category;
  const p = readInteger(model['priority']);
  if (p === undefined || p < 0 || p > 5) return undefined;
  return p === 5 ? 'Critical' : p === 4 ? 'Suspicious' : 'Informational';
}

/**
 * The breach score on the API's 0..1 scale. A score above 1 (and at most 100) was sent on the 0-100
 * scale (§5.1: it must be detected, not shown as 5900) and is scaled down. Undefined when unusable.
 */
export function breachScore01(breach: unknown): number | undefined {
  const raw = isPlainObject(breach) ? readNumber(breach['score']) : undefined;
  if (raw === undefined || raw < 0 || raw > 100) return undefined;
  return raw > 1 ? raw / 100 : raw;
}

/** The 0-100 integer analysts see: `percentscore` when sent and sane, else the score x 100. */
export function percentScore(breach: unknown): number | undefined {
  const sent = isPlainObject(breach) ? readNumber(breach['percentscore']) : undefined;
  if (sent !== undefined && sent >= 0 && sent <= 100) return Math.round(sent);
  const score = breachScore01(breach);
  return score === undefined ? undefined : Math.round(score * 100);
}

/** Severity from the category, else from the score bands, else low. */
export function breachSeverity(breach: unknown): Severity {
  const category = modelCategory(breachModel(breach));
  if (category) return CATEGORY_SEVERITY[category];
  const percent = percentScore(breach);
  if (percent === undefined) return 1;
  return SCORE_BANDS.find(([min]) => percent >= min)?.[1] ?? 1;
}

/** The model's name, else "model <pid>", else "unknown model". */
export function breachModelName(breach: unknown): string {
  const model = breachModel(breach);
  const name = readText(model?.['name']);
  if (name !== undefined) return name;
  const pid = readInteger(model?.['pid']);
  return pid === undefined ? 'unknown model' : `model ${pid}`;
}

/**
 * A System breach (§5.1) concerns the appliance itself: its device is `did: -1` with no hostname or
 * IP, or its model lives under `System::`.
 */
export function isSystemBreach(breach: unknown): boolean {
  const device = isPlainObject(breach) ? breach['device'] : undefined;
  if (isPlainObject(device) && readInteger(device['did']) === -1) return true;
  return /^System::/.test(readText(breachModel(breach)?.['name']) ?? '');
}

/** What the breach happened on: hostname, IP, label or "device <did>"; "System" for a System breach. */
export function breachDeviceLabel(breach: unknown): string {
  const device = isPlainObject(breach) ? breach['device'] : undefined;
  if (isPlainObject(device)) {
    const named = readText(device['hostname']) ?? readText(device['ip']) ?? readText(device['devicelabel']);
    if (named !== undefined) return named;
  }
  if (isSystemBreach(breach)) return 'System';
  const did = isPlainObject(device) ? readInteger(device['did']) : undefined;
  return did === undefined || did < 0 ? 'unknown device' : `device ${did}`;
}
