// darktrace-clear-respond-action → POST /antigena, GET /antigena → src/simulator/routes/antigena.ts
// darktrace-clear-respond-action: POST /antigena {codeid, clear:true, reason} (darktrace-next.md
// §B.2, §B.5): ends an action and suppresses it for the rest of its original duration.
import { defineCommand } from './define-command.js';
import { runRespondChange } from './respond-write.js';

export const clearRespondAction = defineCommand('darktrace-clear-respond-action', {
  run: ({ client, clock, params, args }) => runRespondChange({ client, clock, params }, 'darktrace-clear-respond-action', 'clear', args),
});
