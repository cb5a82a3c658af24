// darktrace-get-model-breach-comments: GET /modelbreaches/<pbid>/comments (reference/darktrace-api.md §4.11).
import { z } from 'zod';
import { toIso } from '../clock.js';
import { renderTable } from '../render/markdown.js';
import { compact } from '../render/model-breach.js';
import { defineCommand } from './define-command.js';

export const getModelBreachComments = defineCommand({
  name: 'darktrace-get-model-breach-comments',
  args: z.object({ pbid: z.number().int() }),
  async run({ client, args }) {
    const comments = await client.breachComments(args.pbid);
    const rows = comments.map((c) =>
      compact({ pbid: c.pbid ?? args.pbid, time: toIso(c.time), username: c.username, message: c.message, pid: c.pid, name: c.name }),
    );
    return {
      // No comments, no context: a playbook's "exists" check then reads "none".
      outputs: rows.length > 0 ? { 'Darktrace.ModelBreachComment': rows } : {},
      readable: renderTable(`Comments on model breach ${args.pbid}`, rows, {
        headers: ['time', 'username', 'message'],
        emptyText: `No comments on model breach ${args.pbid}.`,
      }),
      raw: comments,
    };
  },
});
