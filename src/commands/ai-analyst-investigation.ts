// What the two AI Analyst investigation commands share: the id rule and the context shape
// (reference/darktrace-next.md §A.2 A7/A8). The appliance sends investigation times in epoch
// seconds; the client has already turned them into ms, and they leave here as ISO-8601 UTC.
import { z } from 'zod';
import type { AiaInvestigation } from '../client/schemas.js';
import { toIso } from '../clock.js';
import { compact } from '../domain/objects.js';
import { renderTable } from '../render/markdown.js';

export const InvestigationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,100}$/, 'expected an AI Analyst investigation id (letters, digits and hyphens, e.g. 52c75821-7c17-4a69-b07f-1c74789a9452)');

export function investigationContext(i: AiaInvestigation): Record<string, unknown> {
  const incidents = (i.incidents ?? []).map((x) => compact({ eventId: x.uuid, relatedPbids: x.related }));
  return compact({
    investigationId: i.investigationId,
    status: i.status,
    did: i.did,
    created: i.time === undefined ? undefined : toIso(i.time),
    investigationTime: i.investigationTime === undefined ? undefined : toIso(i.investigationTime),
    createdBy: i.createdBy,
    // An investigation that found something carries the AI Analyst event it raised (SDKDOC notes).
    eventId: i.incidentId,
    incidents: incidents.length ? incidents : undefined,
  });
}

export function renderInvestigations(title: string, contexts: ReadonlyArray<Record<string, unknown>>): string {
  const rows = contexts.map((c) => ({
    investigationId: c['investigationId'],
    status: c['status'],
    did: c['did'],
    investigationTime: c['investigationTime'],
    created: c['created'],
    createdBy: c['createdBy'],
    'AI Analyst event': c['eventId'],
    pbids: ((c['incidents'] as Array<{ relatedPbids?: number[] }> | undefined) ?? []).flatMap((x) => x.relatedPbids ?? []),
  }));
  return renderTable(title, rows, { emptyText: '**No AI Analyst investigations matched.**' });
}
