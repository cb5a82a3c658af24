// One validated model breach -> one incident in the shape SOAR platforms ingest
// (reference/soar-conventions.md §3): name, occurred, severity, dbotMirrorId, rawJSON.
import type { ModelBreach } from '../client/schemas.js';
import { toIso } from '../clock.js';
// One rule for category and percent score, shared with the Darktrace.ModelBreach context, so an
// incident's severity and the breach a playbook reads next can never disagree.
import { modelCategory, percentScore, type ModelCategory } from '../render/model-breach.js';

export { modelCategory, percentScore };

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


export function breachSeverity(breach: ModelBreach): Severity {
  const model = breach.model.then ?? breach.model.now;
  const category = model ? modelCategory(model) : undefined;
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
