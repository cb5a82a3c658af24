// What the two AI Analyst list commands share: their common arguments, how they become the client's
// query, the window rule, and the newest-first order (the appliance promises none, §A.7 item 4).
import { z } from 'zod';
import type { AiaCategory, AiaQuery } from '../client/darktrace-client.js';

export const aiaListShape = {
  start_time: z.number().optional(),
  end_time: z.number().optional(),
  categories: z.array(z.enum(['critical', 'suspicious', 'compliance'])).optional(),
  include_acknowledged: z.boolean(),
  include_pinned: z.boolean(),
  saas_only: z.boolean(),
  device_id: z.number().int().optional(),
  exclude_device_id: z.number().int().optional(),
  locale: z.string().optional(),
  limit: z.number().int(),
};

/** The window rule both commands apply (a refinement: the manifest cannot say it). */
export function windowInOrder(a: { start_time?: number | undefined; end_time?: number | undefined }): boolean {
  return a.start_time === undefined || a.end_time === undefined || a.end_time >= a.start_time;
}
export const WINDOW_ORDER = { path: ['end_time'], message: 'must not be before start_time' };

type ListArgs = z.infer<z.ZodObject<typeof aiaListShape>> & { min_score?: number | undefined };

export function aiaListQuery(a: ListArgs): AiaQuery {
  return {
    ...(a.start_time === undefined ? {} : { startTime: a.start_time }),
    ...(a.end_time === undefined ? {} : { endTime: a.end_time }),
    ...(a.min_score === undefined ? {} : { minScore: a.min_score }),
    ...(a.categories === undefined ? {} : { categories: a.categories as AiaCategory[] }),
    includeAcknowledged: a.include_acknowledged,
    includeAllPinned: a.include_pinned,
    ...(a.saas_only ? { saasOnly: true } : {}),
    ...(a.device_id === undefined ? {} : { did: a.device_id }),
    ...(a.exclude_device_id === undefined ? {} : { excludeDid: a.exclude_device_id }),
    ...(a.locale === undefined ? {} : { locale: a.locale }),
  };
}

/** Newest first by `time`, ties by `key`; an item without a time last. */
export function newestFirst<T>(items: readonly T[], time: (t: T) => number | undefined, key: (t: T) => string): T[] {
  return [...items].sort((a, b) => (time(b) ?? -1) - (time(a) ?? -1) || key(a).localeCompare(key(b)));
}
