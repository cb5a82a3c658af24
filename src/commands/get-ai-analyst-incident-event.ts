// darktrace-get-ai-analyst-incident-event: GET /aianalyst/incidentevents?uuid= (reference/darktrace-next.md
// §A.2 A1). Acknowledged events are asked for too (the appliance hides them by default), so that an
// event the analyst acknowledged a minute ago is still found. An unknown id answers [] (§A.5): said
// plainly, where XSOAR's DarktraceAIA indexes [0] and crashes.
import { z } from 'zod';
import { joinSections } from '../render/markdown.js';
import { EventIdSchema, eventContext, renderEvent } from './ai-analyst-context.js';
import { defineCommand } from './define-command.js';
import { emptyResult, unreadableNote } from './shape.js';

export const getAiAnalystIncidentEvent = defineCommand({
  name: 'darktrace-get-ai-analyst-incident-event',
  args: z.object({ eventId: EventIdSchema }),
  async run({ client, args }) {
    const { items, unreadable, received } = await client.aiaEvents({ uuids: [args.eventId], includeAcknowledged: true, includeUrl: true });
    const event = items.find((e) => e.id === args.eventId);
    const note = unreadableNote('AI Analyst events', unreadable);
    if (!event) return emptyResult(`Darktrace AI Analyst event ${args.eventId}`, `No AI Analyst event found for ${args.eventId}.`, received);
    const context = eventContext(event, client.baseUrl);
    return { outputs: { 'Darktrace.AIAnalyst': context }, readable: joinSections(renderEvent(context), note), raw: received };
  },
});
