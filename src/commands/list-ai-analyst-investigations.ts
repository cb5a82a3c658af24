// darktrace-list-ai-analyst-investigations: GET /aianalyst/investigations (reference/darktrace-next.md
// §A.2 A7). Filtered by `investigationId` (camelCase, as the guide spells it) or a time window.
import { z } from 'zod';
import { joinSections } from '../render/markdown.js';
import { InvestigationIdSchema, investigationContext, renderInvestigations } from './ai-analyst-investigation.js';
import { WINDOW_ORDER, windowInOrder } from './ai-analyst-list.js';
import { defineCommand } from './define-command.js';
import { unreadableNote } from './shape.js';

export const listAiAnalystInvestigations = defineCommand({
  name: 'darktrace-list-ai-analyst-investigations',
  args: z
    .object({ investigation_id: InvestigationIdSchema.optional(), start_time: z.number().optional(), end_time: z.number().optional() })
    .refine(windowInOrder, WINDOW_ORDER),
  async run({ client, args }) {
    const { items, unreadable, received } = await client.aiaInvestigations({
      ...(args.investigation_id === undefined ? {} : { investigationId: args.investigation_id }),
      ...(args.start_time === undefined ? {} : { startTime: args.start_time }),
      ...(args.end_time === undefined ? {} : { endTime: args.end_time }),
    });
    // The SDK notes the filter may be ignored by some versions: apply it here as well.
    const wanted = args.investigation_id === undefined ? items : items.filter((i) => i.investigationId === args.investigation_id);
    const contexts = [...wanted].sort((a, b) => (b.time ?? 0) - (a.time ?? 0)).map(investigationContext);
    return {
      outputs: contexts.length ? { 'Darktrace.AIAnalystInvestigation': contexts } : {},
      readable: joinSections(
        renderInvestigations(`Darktrace AI Analyst investigations (${contexts.length})`, contexts),
        unreadableNote('investigations', unreadable),
      ),
      raw: received,
    };
  },
});
