// darktrace-list-ai-analyst-incidents: GET /aianalyst/groups (reference/darktrace-next.md §A.3). The
// category filter is critical=true on this endpoint (the group* names of the events endpoint are
// silently ignored here, MCPDIFF), `min_score` is the incident score, and incident ids are not
// stable: a merge gives an incident a new id and lists the old ones in previousIds (§A.1).
import { z } from 'zod';
import { joinSections, renderNote } from '../render/markdown.js';
import { GroupIdSchema, groupContext, renderGroupsTable } from './ai-analyst-context.js';
import { aiaListQuery, aiaListShape, newestFirst, WINDOW_ORDER, windowInOrder } from './ai-analyst-list.js';
import { defineCommand } from './define-command.js';
import { unreadableNote } from './shape.js';

export const listAiAnalystIncidents = defineCommand({
  name: 'darktrace-list-ai-analyst-incidents',
  args: z.object({ ...aiaListShape, min_score: z.number().int().optional(), group_id: z.array(GroupIdSchema).optional() }).refine(windowInOrder, WINDOW_ORDER),
  async run({ client, args }) {
    const { items, unreadable, received } = await client.aiaGroups({
      ...aiaListQuery(args),
      ...(args.group_id === undefined ? {} : { groupIds: args.group_id }),
    });
    const sorted = newestFirst(
      items,
      (g) => g.start,
      (g) => g.id,
    );
    const shown = sorted.slice(0, args.limit);
    const contexts = shown.map((g) => groupContext(g, client.baseUrl));
    const more = sorted.length - shown.length;
    return {
      outputs: contexts.length ? { 'Darktrace.AIAnalystIncident': contexts } : {},
      readable: joinSections(
        renderGroupsTable(`Darktrace AI Analyst incidents (${sorted.length})`, contexts),
        more > 0 ? renderNote('More incidents', `${more} more matched; raise limit or narrow the window to see them.`) : undefined,
        unreadableNote('AI Analyst incidents', unreadable),
      ),
      raw: received,
    };
  },
});
