// darktrace-post-comment-to-model-breach → POST /modelbreaches/{pbid}/comments, GET /modelbreaches/{pbid}/comments → src/simulator/routes/breach-actions.ts
// darktrace-post-comment-to-model-breach: POST /modelbreaches/<pbid>/comments (reference/darktrace-api.md §4.11).
// The client throws unless the appliance confirms the comment. When the answer is lost the comment
// is not posted again (it may be stored): the breach's comments are read back instead.
import { renderKeyValue } from '../render/markdown.js';
import { confirmWrite } from './confirm-write.js';
import { defineCommand } from './define-command.js';

/**
 * The appliance refuses a DTAPI-Date more than 30 minutes from its clock (§1.2), so a comment our
 * request created is stamped no earlier than this before our own send time. An identical comment
 * posted within that window by someone else would also count as found.
 */
const MAX_CLOCK_DIFFERENCE_MS = 30 * 60_000;

/** The text XSOAR's DarktraceMBs puts in Darktrace.ModelBreach.response after a comment. */
const XSOAR_COMMENT_RESPONSE = 'Successfully Uploaded Comment.';

export const postCommentToModelBreach = defineCommand('darktrace-post-comment-to-model-breach', {
  async run({ client, args, clock }) {
    const sentAt = clock.now();
    const outcome = await confirmWrite({
      write: () => client.postBreachComment(args.pbid, args.message),
      isApplied: async () =>
        (await client.breachComments(args.pbid)).items.some(
          (c) => c.message === args.message && c.time !== undefined && c.time >= sentAt - MAX_CLOCK_DIFFERENCE_MS,
        ),
      what: `the comment on model breach ${args.pbid}`,
      where: "the breach's comments",
    });
    const comment = { pbid: args.pbid, message: args.message };
    const title = outcome.verified
      ? `Comment posted to model breach ${args.pbid} (the answer was lost; found among the breach's comments)`
      : `Comment posted to model breach ${args.pbid}`;
    return {
      // Also where XSOAR's DarktraceMBs writes it, with that integration's response text
      // (its test_data/formatted_comment_post.json), so its playbooks' conditions still match.
      outputs: { 'Darktrace.ModelBreachComment': comment, 'Darktrace.ModelBreach': { ...comment, response: XSOAR_COMMENT_RESPONSE } },
      readable: renderKeyValue(title, comment),
      raw: comment,
    };
  },
});
