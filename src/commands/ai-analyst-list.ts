// What the two AI Analyst list commands share: their common arguments, how they become the client's
// query, the window rule, and the newest-first order (the appliance promises none, §A.7 item 4).
import type { AiaCategory, AiaQuery } from '../client/darktrace-client.js';

interface ListArgs {
  readonly start_time?: number;
  readonly end_time?: number;
  readonly min_score?: number;
  readonly categories?: readonly ('critical' | 'suspicious' | 'compliance')[];
  readonly include_acknowledged: boolean;
  readonly include_pinned: boolean;
  readonly saas_only: boolean;
  readonly device_id?: number;
  readonly exclude_device_id?: number;
  readonly locale?: string;
}

/** The window rule the list commands apply (a `check`: the manifest cannot say it). */
export function windowProblem(a: { readonly start_time?: number; readonly end_time?: number }): { argument: string; message: string } | undefined {
  if (a.start_time === undefined || a.end_time === undefined || a.end_time >= a.start_time) return undefined;
  return { argument: 'end_time', message: 'must not be before start_time' };
}

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
