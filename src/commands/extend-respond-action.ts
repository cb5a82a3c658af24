// darktrace-extend-respond-action: POST /antigena {codeid, duration, reason} (darktrace-next.md
// §B.2): `duration` is the new remaining time counted from now, not an increment (G61, MCPLAB 6b).
import { z } from 'zod';
import { defineCommand } from './define-command.js';
import { runRespondChange } from './respond-write.js';

export const extendRespondAction = defineCommand({
  name: 'darktrace-extend-respond-action',
  args: z.object({ codeid: z.number().int(), duration: z.number().int(), reason: z.string().optional(), dry_run: z.boolean().optional() }),
  run: ({ client, clock, params, args }) => runRespondChange({ client, clock, params }, 'darktrace-extend-respond-action', 'extend', args),
});
