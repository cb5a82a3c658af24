// Response schemas of the RESPOND / Antigena endpoints (darktrace-next.md §B.1-§B.3), read as
// leniently as the rest of schemas.ts: only `codeid` is required; `updated` comes as a string of
// ms and `expires` may be a float (§B.3); unknown keys pass through.
import { z } from 'zod';
import { readInteger } from '../appliance-values.js';
import { intId, lenient, optBool, optInt, optNum, optStr, optTime } from './schemas.js';

/** includehistory=true: who changed the action, when and why (G61). */
const RespondHistorySchema = z.looseObject({ family: optStr, username: optStr, action: optStr, reason: optStr, time: optTime });

export const RespondActionSchema = z.looseObject({
  codeid: intId,
  did: optInt,
  ip: optStr,
  action: optStr,
  label: optStr,
  detail: optStr,
  manual: optBool,
  active: optBool,
  cleared: optBool,
  blocked: optBool,
  /** The breach score 0-1; 0 for manual actions (G61). */
  score: optNum,
  pbid: optInt,
  model: optStr,
  modeluuid: optStr,
  start: optTime,
  expires: optTime,
  updated: optTime,
  agemail: optBool,
  aghost: optBool,
  /** Manual actions: the token's user and the reason given (G61); null for model actions. */
  triggerer: lenient(z.looseObject({ username: optStr, reason: optStr })),
  history: lenient(z.array(RespondHistorySchema)),
});
export type RespondAction = z.infer<typeof RespondActionSchema>;

/** includeconnections=true: the connections a `connection` action blocks (shape single-source; kept as received). */
export const RespondConnectionSchema = z.looseObject({ codeid: optInt, did: optInt, src: optStr, dst: optStr, port: optInt });
export type RespondConnection = z.infer<typeof RespondConnectionSchema>;

export const RespondSummarySchema = z.looseObject({
  pendingCount: optInt,
  activeCount: optInt,
  pendingActionDevices: lenient(z.array(z.number())),
  activeActionDevices: lenient(z.array(z.number())),
});
export type RespondSummary = z.infer<typeof RespondSummarySchema>;

/**
 * The new action's id from POST /antigena/manual: `{"code":N}` per darktrace-sdk, `{"codeid":N}` per
 * darktrace-mcp's OpenAPI (§B.1 B3, disputed): either key is read, `codeid` first.
 */
export function manualActionId(answer: unknown): number | undefined {
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) return undefined;
  const o = answer as Record<string, unknown>;
  return readInteger(o['codeid']) ?? readInteger(o['code']);
}
