// darktrace-get-model-breach-comments → GET /modelbreaches/{pbid}/comments → src/simulator/routes/breach-actions.ts
// darktrace-get-model-breach-comments: GET /modelbreaches/<pbid>/comments (reference/darktrace-api.md §4.11).
// A comment that cannot be read is named under the table and kept in raw; the others are shown.
import { toIso } from '../clock.js';
import { compact } from '../domain/objects.js';
import { joinSections, renderTable } from '../render/markdown.js';
import { defineCommand } from './define-command.js';
import { unreadableNote } from './shape.js';

export const getModelBreachComments = defineCommand('darktrace-get-model-breach-comments', {
  async run({ client, args }) {
    const { items, unreadable, received } = await client.breachComments(args.pbid);
    const rows = items.map((c) =>
      compact({
        pbid: c.pbid ?? args.pbid,
        time: c.time === undefined ? undefined : toIso(c.time),
        username: c.username,
        message: c.message,
        pid: c.pid,
        name: c.name,
      }),
    );
    return {
      // No comments, no context: a playbook's "exists" check then reads "none".
      outputs: rows.length > 0 ? { 'Darktrace.ModelBreachComment': rows, 'Darktrace.ModelBreach': xsoarComments(args.pbid, rows) } : {},
      readable: joinSections(
        renderTable(`Comments on model breach ${args.pbid}`, rows, {
          headers: ['time', 'username', 'message'],
          emptyText: `No comments on model breach ${args.pbid}.`,
        }),
        unreadableNote(`comments on model breach ${args.pbid}`, unreadable),
      ),
      raw: received,
    };
  },
});

/**
 * The same comments where XSOAR's DarktraceMBs playbooks read them. That integration disagrees with
 * itself: its YAML declares Darktrace.ModelBreach.Comment.{message,username,time}, while its code
 * (README example, test_data/formatted_get_comments.json) writes Darktrace.ModelBreach.comments[]
 * with every field. Both are written, so a playbook built on either finds them.
 */
function xsoarComments(pbid: number, rows: ReadonlyArray<Record<string, unknown>>): Record<string, unknown> {
  return { pbid, comments: rows, Comment: rows.map((r) => compact({ message: r['message'], username: r['username'], time: r['time'] })) };
}
