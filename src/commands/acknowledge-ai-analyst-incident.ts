// darktrace-acknowledge-ai-analyst-incident and darktrace-unacknowledge-ai-analyst-incident: an
// incident has no acknowledge endpoint of its own, so acknowledging it is acknowledging all its
// events, in ONE request (reference/darktrace-next.md §A.7 item 1). The incident is read by
// `groupid` first; an id merged away since answers nothing, and the message says how to find the
// incident now.
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import { renderKeyValue } from '../render/markdown.js';
import { GroupIdSchema } from './ai-analyst-context.js';
import { setEventFlag } from './ai-analyst-event-flags.js';
import { defineCommand } from './define-command.js';

export function defineIncidentAcknowledgement(name: string, acknowledged: boolean) {
  const action = acknowledged ? 'acknowledge' : 'unacknowledge';
  const done = acknowledged ? 'acknowledged' : 'unacknowledged';
  return defineCommand({
    name,
    args: z.object({ groupId: GroupIdSchema }),
    async run({ client, args }) {
      const { items } = await client.aiaGroups({ groupIds: [args.groupId], includeAcknowledged: true });
      const group = items.find((g) => g.id === args.groupId);
      const eventIds = [...new Set((group?.incidentEvents ?? []).map((e) => e.uuid).filter((u): u is string => u !== undefined))];
      if (!group || eventIds.length === 0) {
        throw new NotFoundError(
          `No AI Analyst incident ${args.groupId} with events: nothing was changed. Incidents that merge get a new id; ` +
            'darktrace-get-ai-analyst-incident-group-from-eventId finds the incident an event belongs to now.',
        );
      }
      const { verified, already } = await setEventFlag(
        client,
        action,
        eventIds,
        `${action.slice(0, -1)}ing the ${eventIds.length} events of incident ${args.groupId}`,
      );
      const state = { groupId: args.groupId, acknowledged, eventIds };
      const note = already ? ` (already ${done})` : verified ? ' (the answer was lost; its events read back as changed)' : '';
      return {
        outputs: { 'Darktrace.AIAnalystIncident': state },
        readable: renderKeyValue(`AI Analyst incident ${args.groupId} ${done}${note}`, { ...state, events: eventIds.length }),
        raw: state,
      };
    },
  });
}

export const acknowledgeAiAnalystIncident = defineIncidentAcknowledgement('darktrace-acknowledge-ai-analyst-incident', true);
