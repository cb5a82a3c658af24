// How normalized events and a validation result read: markdown through render/ and the context
// record. Shared by the war-room commands and the CLI job so that both show the same thing.
import { toIso } from '../clock.js';
import { joinSections, renderKeyValue, renderTable } from '../render/markdown.js';
import type { NormalizedEvent } from './field-map.js';
import type { ValidationResult } from './validate-action.js';

const EVENT_HEADERS = ['time', 'event_type', 'src_ip', 'dest_ip', 'src_host', 'dest_host', 'host', 'user', 'description', 'product'] as const;

/** The normalized fields, without `raw` (the context keeps it; a table cell cannot). */
export function eventRow(event: NormalizedEvent & { matched_by?: string }): Record<string, string> {
  const row: Record<string, string> = {};
  for (const h of EVENT_HEADERS) row[h] = event[h];
  if (event.matched_by !== undefined) row['matched_by'] = event.matched_by;
  return row;
}

export function renderEvents(title: string, events: readonly (NormalizedEvent & { matched_by?: string })[], withMatch = false): string {
  return renderTable(title, events.map(eventRow), { headers: withMatch ? [...EVENT_HEADERS, 'matched_by'] : [...EVENT_HEADERS] });
}

/** The context record of a result: normalized events with their raw records, ISO times. */
export function validationOutputs(r: ValidationResult): Record<string, unknown> {
  const strip = (events: ValidationResult['events']) => events.map(({ id: _id, ...e }) => e);
  return {
    verdict: r.verdict,
    action_time: toIso(r.actionTime),
    ips: r.ips,
    hostnames: r.hostnames,
    path: r.path,
    queries: r.queries,
    windows: r.windows.map((w) => ({ from: toIso(w.from), to: toIso(w.to), run_at: toIso(w.runAt) })),
    event_count: r.events.length,
    alert_count: r.alerts.length,
    events: strip(r.events),
    alerts: strip(r.alerts),
    suspicious: strip(r.suspicious),
    correlation: strip(r.correlation),
  };
}

export function renderValidationResult(r: ValidationResult): string {
  const first = r.windows[0];
  const last = r.windows.at(-1);
  const summary = {
    Verdict: r.verdict.toUpperCase(),
    'Action time': toIso(r.actionTime),
    IPs: r.ips,
    'Host names': r.hostnames,
    Path: r.path,
    Windows: first && last ? `${r.windows.length}, ${toIso(first.from)} - ${toIso(last.to)}, first run ${toIso(first.runAt)}` : '0',
    Devices: r.devices.map((d) => `${d.did} ${d.hostname ?? d.ip ?? ''}`.trim()),
    Events: r.events.length,
    Alerts: r.alerts.length,
  };
  return joinSections(
    renderKeyValue(`Security validation: ${r.verdict.toUpperCase()}`, summary),
    r.queries.length > 0
      ? renderTable(
          'Queries sent',
          r.queries.map((q) => ({ name: q.name, query: q.query })),
        )
      : undefined,
    renderEvents('Matched events', r.events, true),
    renderEvents('Alerts', r.alerts),
    r.suspicious.length > 0 ? renderEvents('Suspicious events (about the hosts, matched by no query)', r.suspicious) : undefined,
    r.correlationRuns.length > 0 ? renderEvents('Correlation query hits', r.correlation) : undefined,
  );
}
