// One validated model breach -> one incident in the shape SOAR platforms ingest
// (reference/soar-conventions.md §3): name, occurred, severity, dbotMirrorId, rawJSON.
import type { ModelBreach, ModelSummary } from '../client/schemas.js';
import { toIso } from '../clock.js';

/** SOAR severity: 1 low, 2 medium, 3 high, 4 critical (soar-conventions.md §3). */
export type Severity = 1 | 2 | 3 | 4;

export interface Incident {
  readonly name: string;
  /** ISO-8601 UTC of the breach's `time`: when the activity began, not when Darktrace raised it. */
  readonly occurred: string;
  readonly severity: Severity;
  /** String(pbid): the stable dedupe key. */
  readonly dbotMirrorId: string;
  /** The breach as the appliance sent it, JSON. */
  readonly rawJSON: string;
}

export type ModelCategory = 'Critical' | 'Suspicious' | 'Compliance' | 'Informational';

/** Documented categories (darktrace-api.md §5) -> severity. Matched exactly, never by substring. */
export const CATEGORY_SEVERITY: Readonly<Record<ModelCategory, Severity>> = {
  Critical: 4,
  Suspicious: 3,
  Compliance: 2,
  Informational: 1,
};

/** Score bands (percent, inclusive lower bound) for breaches whose model has neither category nor priority. */
export const SCORE_BANDS: ReadonlyArray<readonly [minPercent: number, severity: Severity]> = [
  [90, 4],
  [70, 3],
  [40, 2],
  [0, 1],
];

function isCategory(value: string | undefined): value is ModelCategory {
  return value !== undefined && Object.hasOwn(CATEGORY_SEVERITY, value);
}

/**
 * The model's category: `compliance: true` wins over `category` (§5); an absent or unknown category
 * is derived from `priority` (0-3 Informational, 4 Suspicious, 5 Critical), as older appliances
 * send only the priority (§5 fallback rule). Undefined when the model carries neither.
 */
export function modelCategory(model: ModelSummary | undefined): ModelCategory | undefined {
  if (!model) return undefined;
  if (model.compliance === true) return 'Compliance';
  if (isCategory(model.category)) return model.category;
  const p = model.priority;
  if (p === undefined || !Number.isInteger(p) || p < 0 || p > 5) return undefined;
  return p === 5 ? 'Critical' : p === 4 ? 'Suspicious' : 'Informational';
}

/** Breach score as the 0-100 integer analysts see (`percentscore` when sent, else score x 100). */
export function percentScore(breach: ModelBreach): number {
  return breach.percentscore ?? Math.round(breach.score * 100);
}

export function breachSeverity(breach: ModelBreach): Severity {
  const category = modelCategory(breach.model.then ?? breach.model.now);
  if (category) return CATEGORY_SEVERITY[category];
  const percent = percentScore(breach);
  return SCORE_BANDS.find(([min]) => percent >= min)?.[1] ?? 1;
}

function modelName(breach: ModelBreach): string {
  return breach.model.then?.name ?? breach.model.now?.name ?? breach.model.name ?? `model ${breach.model.pid ?? 'unknown'}`;
}

function deviceLabel(breach: ModelBreach): string {
  const d = breach.device;
  if (!d) return 'unknown device';
  // SaaS devices have ip "" (§5): an empty value is no label.
  return d.hostname || d.ip || `device ${d.did}`;
}

export function breachToIncident(breach: ModelBreach): Incident {
  return {
    name: `Darktrace Model Breach ${breach.pbid}: ${modelName(breach)} on ${deviceLabel(breach)} (score ${percentScore(breach)})`,
    occurred: toIso(breach.time),
    severity: breachSeverity(breach),
    dbotMirrorId: String(breach.pbid),
    rawJSON: JSON.stringify(breach),
  };
}
