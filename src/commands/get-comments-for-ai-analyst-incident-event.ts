// darktrace-get-comments-for-ai-analyst-incident-event: GET /aianalyst/incident/comments?incident_id=
// (reference/darktrace-next.md §A.2 A5). Comments belong to an EVENT (incident_id is the event id).
// Context: Darktrace.AIAnalyst {eventId, comments: [{eventId, username, time ISO, message}]}; XSOAR
// DarktraceAIA put eventId in each comment, so both places have it.
import { z } from 'zod';
import { toIso } from '../clock.js';
import { compact } from '../domain/objects.js';
import { joinSections, renderTable } from '../render/markdown.js';
import { EventIdSchema } from './ai-analyst-context.js';
import { defineCommand } from './define-command.js';
import { unreadableNote } from './shape.js';

export const getCommentsForAiAnalystIncidentEvent = defineCommand({
  name: 'darktrace-get-comments-for-ai-analyst-incident-event',
  args: z.object({ eventId: EventIdSchema }),
  async run({ client, args }) {
    const { items, unreadable, received } = await client.aiaComments(args.eventId);
    const comments = [...items]
      .sort((a, b) => (a.time ?? 0) - (b.time ?? 0))
      .map((c) => compact({ eventId: args.eventId, username: c.username, time: c.time === undefined ? undefined : toIso(c.time), message: c.message }));
    return {
      outputs: { 'Darktrace.AIAnalyst': { eventId: args.eventId, comments } },
      readable: joinSections(
        renderTable(`Comments on AI Analyst event ${args.eventId}`, comments, {
          headers: ['time', 'username', 'message'],
          emptyText: '**No comments on this event.**',
        }),
        unreadableNote('comments', unreadable),
      ),
      raw: received,
    };
  },
});
