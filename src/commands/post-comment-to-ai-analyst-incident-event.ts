// darktrace-post-comment-to-ai-analyst-incident-event: POST /aianalyst/incident/comments JSON
// {incident_id, message} (reference/darktrace-next.md §A.2 A6), then the event's comments are read
// back. Threat Visualizer 7.0.42 answers SUCCESS and stores nothing, also for an unknown event id
// (SDKDOC "Observed behaviour"), so SUCCESS alone is never reported as a stored comment: when the
// comment is not found the command fails with DT_WRITE_NOT_STORED and says so. A lost answer is not
// followed by a second POST (the same read-back decides).
import { z } from 'zod';
import type { DarktraceClient } from '../client/darktrace-client.js';
import { WriteNotStoredError } from '../errors.js';
import { renderKeyValue } from '../render/markdown.js';
import { EventIdSchema } from './ai-analyst-context.js';
import { confirmWrite } from './confirm-write.js';
import { defineCommand } from './define-command.js';

/** The appliance refuses a DTAPI-Date more than 30 minutes off (darktrace-api.md §1.2): a comment we made is no older than this. */
const MAX_CLOCK_DIFFERENCE_MS = 30 * 60_000;

/** XSOAR DarktraceAIA's `response` after a comment, so its playbooks' conditions still match. */
const XSOAR_COMMENT_RESPONSE = 'Successfully Uploaded Comment.';

async function stored(client: DarktraceClient, eventId: string, message: string, sentAt: number): Promise<boolean> {
  const { items } = await client.aiaComments(eventId);
  return items.some((c) => c.message === message && (c.time === undefined || c.time >= sentAt - MAX_CLOCK_DIFFERENCE_MS));
}

export const postCommentToAiAnalystIncidentEvent = defineCommand({
  name: 'darktrace-post-comment-to-ai-analyst-incident-event',
  args: z.object({ eventId: EventIdSchema, comment: z.string().min(1) }),
  async run({ client, args, clock }) {
    const sentAt = clock.now();
    const outcome = await confirmWrite({
      write: () => client.postAiaComment(args.eventId, args.comment),
      isApplied: () => stored(client, args.eventId, args.comment, sentAt),
      what: `the comment on AI Analyst event ${args.eventId}`,
      where: "the event's comments",
    });
    if (!outcome.verified && !(await stored(client, args.eventId, args.comment, sentAt))) {
      throw new WriteNotStoredError(
        `Darktrace answered SUCCESS to the comment on AI Analyst event ${args.eventId}, but the event's comments do not show it: ` +
          'the comment was NOT stored. Some appliance versions (Threat Visualizer 7.0.42) accept AI Analyst comments without storing ' +
          'them, and every version does so for an event id it does not know. Check the event id, or comment on its model breaches ' +
          '(darktrace-post-comment-to-model-breach with the pbids darktrace-get-ai-analyst-incident-event lists).',
      );
    }
    const result = { eventId: args.eventId, message: args.comment, commented: 'True', verified: true };
    return {
      outputs: { 'Darktrace.AIAnalyst': { ...result, response: XSOAR_COMMENT_RESPONSE } },
      readable: renderKeyValue(
        outcome.verified
          ? `Comment posted to AI Analyst event ${args.eventId} (the answer was lost; found among the event's comments)`
          : `Comment posted to AI Analyst event ${args.eventId} and read back`,
        { eventId: args.eventId, message: args.comment },
      ),
      raw: result,
    };
  },
});
