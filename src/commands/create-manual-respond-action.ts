// darktrace-create-manual-respond-action: POST /antigena/manual (TV 6+, darktrace-next.md §B.1 B3).
// `connections` goes only with the connection action, and that action needs it (§B.8).
import { z } from 'zod';
import { isHostname, isIpAddress } from '../net-values.js';
import { defineCommand } from './define-command.js';
import { runManualCreate } from './respond-write.js';

const ConnectionSchema = z.object({
  src: z.string().refine((v) => isIpAddress(v) || isHostname(v), 'src must be an IP address or a host name'),
  dst: z.string().refine((v) => isIpAddress(v) || isHostname(v), 'dst must be an IP address or a host name'),
  port: z.number().int().min(1).max(65535).optional(),
});

export const createManualRespondAction = defineCommand({
  name: 'darktrace-create-manual-respond-action',
  args: z
    .object({
      device_id: z.number().int(),
      action: z.enum(['connection', 'pol', 'gpol', 'quarantine', 'quarantineOutgoing', 'quarantineIncoming']),
      duration: z.number().int(),
      reason: z.string().optional(),
      connections: z
        .array(ConnectionSchema, { error: 'expected a JSON list of {"src": …, "dst": …, "port": …} objects' })
        .min(1, 'expected at least one {"src", "dst", "port"} connection')
        .optional(),
      dry_run: z.boolean().optional(),
    })
    .superRefine((a, ctx) => {
      if (a.action === 'connection' && a.connections === undefined) {
        ctx.addIssue({ code: 'custom', path: ['connections'], message: 'is required for action=connection: a JSON list of {"src", "dst", "port"} objects' });
      }
      if (a.action !== 'connection' && a.connections !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['connections'], message: `applies only to action=connection, not ${a.action}` });
      }
    }),
  run: ({ client, clock, params, args }) => runManualCreate({ client, clock, params }, 'darktrace-create-manual-respond-action', args),
});
