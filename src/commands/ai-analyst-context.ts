// The one place an AI Analyst event becomes `Darktrace.AIAnalyst` context and an incident becomes
// `Darktrace.AIAnalystIncident`, with the markdown an analyst reads: title, the summary rendered
// with its actors and IPs, devices, related breaches with their pbids (to pivot to the model-breach
// commands), scores, category and link. The event shape keeps XSOAR DarktraceAIA's keys (eventId,
// score "94%", modelBreaches {"0": ...}, link to the incident) so its playbooks run, and adds typed
// ones beside them (reference/darktrace-next.md §A.6, §A.8). Rules come from src/domain/ai-analyst.ts.
import { z } from 'zod';
import type { AiaEvent, AiaGroup } from '../client/schemas.js';
import { toIso } from '../clock.js';
import {
  aiaCategory,
  aiaEventLink,
  aiaEventScore,
  aiaGroupLink,
  aiaGroupScore,
  aiaRelatedPbids,
  aiaSubjectLabel,
  renderAiaSummary,
} from '../domain/ai-analyst.js';
import { compact } from '../domain/objects.js';
import { joinSections, renderKeyValue, renderTable, type Row } from '../render/markdown.js';

/**
 * An event id as the appliance writes them: a UUID, but not always hex (Elastic's test data has
 * "eabcdef0-…-cabcdefghij9"), so letters, digits and hyphens. Refusing anything else keeps a comma or
 * an `&` from turning one id into several in a form body.
 */
export const EventIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,100}$/, 'expected an AI Analyst event id (letters, digits and hyphens, e.g. 04a3f36e-4e8a-4b1c-9d2e-894778cf9633)');
export const GroupIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,101}$/, 'expected an AI Analyst incident id (g followed by an event id, e.g. g04a3f36e-4e8a-4b1c-9d2e-894778cf9633)');

const iso = (ms: number | undefined) => (ms === undefined ? undefined : toIso(ms));

export function eventContext(e: AiaEvent, baseUrl: string): Record<string, unknown> {
  const score = aiaEventScore(e);
  const related = (e.relatedBreaches ?? []).map((b) =>
    compact({ pbid: b.pbid, modelName: b.modelName, threatScore: b.threatScore, timestamp: iso(b.timestamp) }),
  );
  return compact({
    eventId: e.id,
    title: e.title,
    createdAt: iso(e.createdAt),
    // XSOAR DarktraceAIA's "94%" string; aiaScore is the number.
    score: score === undefined ? undefined : `${score}%`,
    aiaScore: score,
    category: e.category,
    groupCategory: aiaCategory(e)?.toLowerCase(),
    groupScore: aiaGroupScore(e),
    summary: renderAiaSummary(e.summary) || undefined,
    groupId: e.currentGroup,
    previousGroupIds: e.groupPreviousGroups?.length ? e.groupPreviousGroups : undefined,
    acknowledged: e.acknowledged,
    pinned: e.pinned,
    mitreTactics: e.mitreTactics,
    sender: e.sender,
    devices: (e.breachDevices ?? []).map((d) => compact({ did: d.did, hostname: d.hostname, identifier: d.identifier, ip: d.ip, sid: d.sid })),
    modelBreaches: related.length ? Object.fromEntries(related.map((b, i) => [String(i), b])) : undefined,
    relatedBreaches: related.length ? related : undefined,
    relatedPbids: related.length ? aiaRelatedPbids(e) : undefined,
    link: e.currentGroup === undefined ? undefined : aiaGroupLink(baseUrl, e.currentGroup),
    incidentEventUrl: e.incidentEventUrl ?? aiaEventLink(baseUrl, e.id),
  });
}

function breachLine(b: Record<string, unknown>): string {
  const score = b['threatScore'] === undefined ? '' : `, score ${String(b['threatScore'])}`;
  return `pbid ${String(b['pbid'] ?? '?')} ${String(b['modelName'] ?? 'unknown model')}${score}`;
}

/** The key-value view of one event context. */
export function renderEvent(c: Record<string, unknown>, title = `Darktrace AI Analyst event ${String(c['eventId'])}`): string {
  const related = (c['relatedBreaches'] as Array<Record<string, unknown>> | undefined) ?? [];
  const row: Row = {
    title: c['title'],
    summary: c['summary'],
    subject: subjectOf(c),
    'related breaches': related.length ? related.map(breachLine) : 'none',
    score: c['aiaScore'],
    'incident score': c['groupScore'],
    category: c['groupCategory'] ?? c['category'],
    createdAt: c['createdAt'],
    acknowledged: c['acknowledged'],
    pinned: c['pinned'],
    mitreTactics: c['mitreTactics'],
    incident: c['groupId'],
    link: c['incidentEventUrl'],
  };
  return renderKeyValue(title, row);
}

function subjectOf(c: Record<string, unknown>): string {
  return aiaSubjectLabel({ breachDevices: c['devices'], sender: c['sender'] });
}

/** The table of a list of event contexts (newest first as given), with the pbids to pivot on. */
export function renderEventsTable(title: string, contexts: ReadonlyArray<Record<string, unknown>>, maxRows?: number): string {
  const rows = contexts.map((c) => ({
    eventId: c['eventId'],
    createdAt: c['createdAt'],
    title: c['title'],
    subject: subjectOf(c),
    category: c['groupCategory'] ?? c['category'],
    score: c['aiaScore'],
    'incident score': c['groupScore'],
    acknowledged: c['acknowledged'],
    pinned: c['pinned'],
    pbids: c['relatedPbids'],
    incident: c['groupId'],
  }));
  return renderTable(title, rows, { emptyText: '**No AI Analyst events matched.**', ...(maxRows === undefined ? {} : { maxRows }) });
}

export function groupContext(g: AiaGroup, baseUrl: string): Record<string, unknown> {
  return compact({
    groupId: g.id,
    acknowledged: g.acknowledged,
    pinned: g.pinned,
    active: g.active,
    category: aiaCategory({ category: g.category })?.toLowerCase() ?? g.category,
    groupScore: aiaGroupScore(g),
    start: iso(g.start),
    end: iso(g.end),
    devices: g.devices,
    initialDevices: g.initialDevices,
    mitreTactics: g.mitreTactics,
    previousIds: g.previousIds?.length ? g.previousIds : undefined,
    incidentEvents: (g.incidentEvents ?? []).map((e) =>
      compact({
        eventId: e.uuid,
        title: e.title,
        start: iso(e.start),
        deviceId: e.triggerDid,
        sender: e.sender,
        acknowledged: e.acknowledged,
        visible: e.visible,
      }),
    ),
    link: g.groupUrl ?? aiaGroupLink(baseUrl, g.id),
  });
}

/** One incident: its fields, then its events. */
export function renderGroup(c: Record<string, unknown>): string {
  const events = (c['incidentEvents'] as Row[] | undefined) ?? [];
  return joinSections(
    renderKeyValue(`Darktrace AI Analyst incident ${String(c['groupId'])}`, {
      category: c['category'],
      'incident score': c['groupScore'],
      acknowledged: c['acknowledged'],
      pinned: c['pinned'],
      active: c['active'],
      start: c['start'],
      end: c['end'],
      devices: c['devices'],
      mitreTactics: c['mitreTactics'],
      'merged from': c['previousIds'],
      link: c['link'],
    }),
    renderTable(`Events of incident ${String(c['groupId'])}`, events, { headers: ['eventId', 'title', 'start', 'deviceId', 'sender', 'acknowledged'] }),
  );
}

export function renderGroupsTable(title: string, contexts: ReadonlyArray<Record<string, unknown>>, maxRows?: number): string {
  const rows = contexts.map((c) => ({
    groupId: c['groupId'],
    start: c['start'],
    category: c['category'],
    'incident score': c['groupScore'],
    events: ((c['incidentEvents'] as unknown[] | undefined) ?? []).length,
    devices: c['devices'],
    acknowledged: c['acknowledged'],
    pinned: c['pinned'],
    'merged from': c['previousIds'],
  }));
  return renderTable(title, rows, { emptyText: '**No AI Analyst incidents matched.**', ...(maxRows === undefined ? {} : { maxRows }) });
}
