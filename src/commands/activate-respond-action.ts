// darktrace-activate-respond-action: POST /antigena {codeid, activate:true[, duration], reason}
// (darktrace-next.md §B.2): confirms a pending action; without a duration the model's default applies.
import { z } from 'zod';
import { defineCommand } from './define-command.js';
import { runRespondChange } from './respond-write.js';

export const activateRespondAction = defineCommand({
  name: 'darktrace-activate-respond-action',
  args: z.object({ codeid: z.number().int(), duration: z.number().int().optional(), reason: z.string().optional(), dry_run: z.boolean().optional() }),
  run: ({ client, clock, params, args }) => runRespondChange({ client, clock, params }, 'darktrace-activate-respond-action', 'activate', args),
});
