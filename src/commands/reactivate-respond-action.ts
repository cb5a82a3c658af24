// darktrace-reactivate-respond-action: POST /antigena {codeid, activate:true, duration, reason}
// (darktrace-next.md §B.2): brings back a cleared or expired action; the duration is required.
import { z } from 'zod';
import { defineCommand } from './define-command.js';
import { runRespondChange } from './respond-write.js';

export const reactivateRespondAction = defineCommand({
  name: 'darktrace-reactivate-respond-action',
  args: z.object({ codeid: z.number().int(), duration: z.number().int(), reason: z.string().optional(), dry_run: z.boolean().optional() }),
  run: ({ client, clock, params, args }) => runRespondChange({ client, clock, params }, 'darktrace-reactivate-respond-action', 'reactivate', args),
});
