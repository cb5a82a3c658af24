// darktrace-get-ai-analyst-incident-group-from-eventId: GET /aianalyst/groups?uuid= (reference/darktrace-next.md
// §A.2 A2). The incident an event belongs to NOW: a merge moves it (§A.1). Context goes under
// Darktrace.AIAnalyst as XSOAR DarktraceAIA writes it (groupId, groupScore, groupCategory,
// incidentEvents) and under Darktrace.AIAnalystIncident in this integration's incident shape.
import { z } from 'zod';
import { compact } from '../domain/objects.js';
import { joinSections } from '../render/markdown.js';
import { EventIdSchema, groupContext, renderGroup } from './ai-analyst-context.js';
import { defineCommand } from './define-command.js';
import { emptyResult, unreadableNote } from './shape.js';

export const getAiAnalystIncidentGroupFromEventId = defineCommand({
  name: 'darktrace-get-ai-analyst-incident-group-from-eventId',
  args: z.object({ eventId: EventIdSchema }),
  async run({ client, args }) {
    const { items, unreadable, received } = await client.aiaGroups({ uuids: [args.eventId], includeAcknowledged: true });
    const group = items.find((g) => (g.incidentEvents ?? []).some((e) => e.uuid === args.eventId)) ?? items[0];
    if (!group) return emptyResult(`Darktrace AI Analyst incident of event ${args.eventId}`, `No AI Analyst incident holds event ${args.eventId}.`, received);
    const incident = groupContext(group, client.baseUrl);
    const xsoar = compact({
      eventId: args.eventId,
      groupId: incident['groupId'],
      groupScore: incident['groupScore'],
      groupCategory: incident['category'],
      acknowledged: incident['acknowledged'],
      mitreTactics: incident['mitreTactics'],
      incidentEvents: (incident['incidentEvents'] as Array<Record<string, unknown>>).map((e) =>
        compact({ eventId: e['eventId'], deviceId: e['deviceId'], start: e['start'], title: e['title'], visible: e['visible'] }),
      ),
    });
    return {
      outputs: { 'Darktrace.AIAnalyst': xsoar, 'Darktrace.AIAnalystIncident': incident },
      readable: joinSections(renderGroup(incident), unreadableNote('AI Analyst incidents', unreadable)),
      raw: received,
    };
  },
});
