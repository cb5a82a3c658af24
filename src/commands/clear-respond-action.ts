// darktrace-clear-respond-action: POST /antigena {codeid, clear:true, reason} (darktrace-next.md
// §B.2, §B.5): ends an action and suppresses it for the rest of its original duration.
import { z } from 'zod';
import { defineCommand } from './define-command.js';
import { runRespondChange } from './respond-write.js';

export const clearRespondAction = defineCommand({
  name: 'darktrace-clear-respond-action',
  args: z.object({ codeid: z.number().int(), reason: z.string().optional(), dry_run: z.boolean().optional() }),
  run: ({ client, clock, params, args }) => runRespondChange({ client, clock, params }, 'darktrace-clear-respond-action', 'clear', args),
});
