// darktrace-post-comment-to-model-breach: POST /modelbreaches/<pbid>/comments (reference/darktrace-api.md §4.11).
// The client throws unless the appliance confirms the comment, so reaching the result means it is stored.
import { z } from 'zod';
import { renderKeyValue } from '../render/markdown.js';
import { defineCommand } from './define-command.js';

export const postCommentToModelBreach = defineCommand({
  name: 'darktrace-post-comment-to-model-breach',
  args: z.object({ pbid: z.number().int(), message: z.string().min(1) }),
  async run({ client, args }) {
    await client.postBreachComment(args.pbid, args.message);
    const comment = { pbid: args.pbid, message: args.message };
    return {
      outputs: { 'Darktrace.ModelBreachComment': comment },
      readable: renderKeyValue(`Comment posted to model breach ${args.pbid}`, comment),
      raw: comment,
    };
  },
});
