// The summary of one /deviceinfo entry that an analyst can read (reference/darktrace-api.md §4.3):
// the graph's interval, total, peak and when, and a sparkline of the counts over time, instead of
// the seed's one-cell dump of every point. Pure functions of the response; no I/O.
import type { DeviceInfoEntry } from '../client/schemas.js';
import { formatDuration } from '../errors.js';
import { formatMinute, sparkline } from '../render/markdown.js';

/** Sparkline width: readable in a war-room cell, fine enough to show a day's rhythm over 4 weeks. */
const SPARKLINE_BUCKETS = 48;
const HOUR_MS = 3_600_000;

export interface GraphSummary {
  readonly points: number;
  readonly intervalMs: number;
  readonly fromMs: number;
  readonly toMs: number;
  readonly total: number;
  readonly peak: { readonly count: number; readonly timeMs: number };
  /** Counts summed per bucket over [fromMs, toMs); missing intervals count as zero. */
  readonly buckets: readonly number[];
  readonly bucketMs: number;
}

/** undefined when the graph has no points. */
export function summariseGraph(graph: ReadonlyArray<{ time: number; count: number }>): GraphSummary | undefined {
  if (graph.length === 0) return undefined;
  const points = [...graph].sort((a, b) => a.time - b.time);
  // The appliance leaves zero intervals out unless showallgraphdata=true, so the interval is the
  // smallest gap between points, not the average one.
  let intervalMs = Number.POSITIVE_INFINITY;
  for (let i = 1; i < points.length; i++) {
    const gap = points[i]!.time - points[i - 1]!.time;
    if (gap > 0 && gap < intervalMs) intervalMs = gap;
  }
  if (!Number.isFinite(intervalMs)) intervalMs = HOUR_MS;
  const fromMs = points[0]!.time;
  const toMs = points[points.length - 1]!.time + intervalMs;
  const intervals = Math.ceil((toMs - fromMs) / intervalMs);
  const bucketMs = intervalMs * Math.max(1, Math.ceil(intervals / SPARKLINE_BUCKETS));
  const buckets = new Array<number>(Math.ceil((toMs - fromMs) / bucketMs)).fill(0);
  let peak = points[0]!;
  let total = 0;
  for (const p of points) {
    total += p.count;
    if (p.count > peak.count) peak = p;
    const i = Math.floor((p.time - fromMs) / bucketMs);
    buckets[i] = (buckets[i] ?? 0) + p.count;
  }
  return { points: points.length, intervalMs, fromMs, toMs, total, peak: { count: peak.count, timeMs: peak.time }, buckets, bucketMs };
}

const UNITS = { co: 'connections', sizeout: 'bytes out', sizein: 'bytes in' } as const;
export type DataType = keyof typeof UNITS;

/** The summary as Field -> text, for renderKeyValue. */
export function graphFields(entry: DeviceInfoEntry, dataType: DataType): Record<string, string> {
  const unit = UNITS[dataType];
  const fields: Record<string, string> = { device: String(entry.did ?? '') };
  if (entry.similarityScore !== undefined) fields['similarity score'] = String(entry.similarityScore);
  const g = summariseGraph(entry.graphData ?? []);
  if (!g) return { ...fields, [unit]: 'no graph data' };
  const period = `${formatMinute(g.fromMs)} to ${formatMinute(g.toMs)} UTC`;
  return {
    ...fields,
    period,
    interval: formatDuration(g.intervalMs),
    [`total ${unit}`]: String(g.total),
    peak: `${g.peak.count} ${unit} at ${formatMinute(g.peak.timeMs)}`,
    'intervals with data': `${g.points} of ${Math.round((g.toMs - g.fromMs) / g.intervalMs)}`,
    activity: `${sparkline(g.buckets)} (${g.buckets.length} bars of ${formatDuration(g.bucketMs)})`,
  };
}
