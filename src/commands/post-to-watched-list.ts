// darktrace-post-to-watched-list: POST /intelfeed JSON {addlist, description} (reference/
// darktrace-api.md §4.5, §7). The seed documents Darktrace.Endpoint.Watched while XA outputs the
// raw answer; the context carries both.
import { z } from 'zod';
import { RejectedError } from '../errors.js';
import { isHostname, isIpAddress } from '../net-values.js';
import { joinSections, renderNote, renderTable } from '../render/markdown.js';
import { defineCommand } from './define-command.js';

const MAX_ROWS = 20;

export const postToWatchedList = defineCommand({
  name: 'darktrace-post-to-watched-list',
  args: z
    .object({ endpointsToWatch: z.array(z.string()), description: z.string().optional() })
    .superRefine((a, ctx) => {
      const bad = a.endpointsToWatch.find((e) => !isIpAddress(e) && !isHostname(e));
      if (bad !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['endpointsToWatch'],
          message: `every entry must be an IP address, a host name or a domain such as evil.example; ${JSON.stringify(bad)} is not`,
        });
      }
    }),
  async run({ client, args }) {
    const endpoints = [...new Set(args.endpointsToWatch)];
    const answer = await client.postIntelFeed({ addlist: endpoints, ...(args.description ? { description: args.description } : {}) });
    if (answer.response !== 'SUCCESS') {
      throw new RejectedError(
        `Darktrace did not confirm the watched list update (answer: ${JSON.stringify(answer.response ?? null)}): check that the API token may edit domains.`,
        { method: 'POST', path: '/intelfeed' },
      );
    }
    const added = answer.added ?? 0;
    const updated = answer.updated ?? 0;
    return {
      outputs: {
        'Darktrace.Endpoint': {
          Watched: true,
          endpoints,
          ...(args.description ? { description: args.description } : {}),
          added,
          updated,
          response: answer.response,
        },
      },
      readable: joinSections(
        renderNote('Watched list update', `${added} added, ${updated} updated (already watched).`),
        renderTable(
          'Endpoints sent',
          endpoints.map((endpoint) => ({ endpoint, description: args.description ?? '' })),
          { headers: ['endpoint', 'description'], maxRows: MAX_ROWS },
        ),
      ),
      raw: answer,
    };
  },
});
