// darktrace-list-ai-analyst-incident-events: GET /aianalyst/incidentevents (reference/darktrace-next.md
// §A.3). Categories go out as group<category>=true, the only names this endpoint knows (the client
// maps them). Pinned events outside the window are left out unless asked for: the appliance's
// default would return them on every call (§A.7 item 5). The appliance has no paging, so `limit`
// applies here, to the newest events, and the answer says how many more matched.
import { z } from 'zod';
import { joinSections, renderNote } from '../render/markdown.js';
import { GroupIdSchema, eventContext, renderEventsTable } from './ai-analyst-context.js';
import { aiaListQuery, aiaListShape, newestFirst, WINDOW_ORDER, windowInOrder } from './ai-analyst-list.js';
import { defineCommand } from './define-command.js';
import { unreadableNote } from './shape.js';

export const listAiAnalystIncidentEvents = defineCommand({
  name: 'darktrace-list-ai-analyst-incident-events',
  args: z
    .object({
      ...aiaListShape,
      min_score: z.number().int().optional(),
      min_group_score: z.number().int().optional(),
      group_id: GroupIdSchema.optional(),
    })
    .refine(windowInOrder, WINDOW_ORDER),
  async run({ client, args }) {
    const { items, unreadable, received } = await client.aiaEvents({
      ...aiaListQuery(args),
      ...(args.min_group_score === undefined ? {} : { minGroupScore: args.min_group_score }),
      ...(args.group_id === undefined ? {} : { groupIds: [args.group_id] }),
      includeUrl: true,
    });
    const sorted = newestFirst(
      items,
      (e) => e.createdAt,
      (e) => e.id,
    );
    const shown = sorted.slice(0, args.limit);
    const contexts = shown.map((e) => eventContext(e, client.baseUrl));
    const more = sorted.length - shown.length;
    return {
      outputs: contexts.length ? { 'Darktrace.AIAnalyst': contexts } : {},
      readable: joinSections(
        renderEventsTable(`Darktrace AI Analyst events (${sorted.length})`, contexts),
        more > 0 ? renderNote('More events', `${more} more matched; raise limit or narrow the window to see them.`) : undefined,
        unreadableNote('AI Analyst events', unreadable),
      ),
      raw: received,
    };
  },
});
