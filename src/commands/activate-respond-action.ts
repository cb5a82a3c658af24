// darktrace-activate-respond-action → POST /antigena, GET /antigena → src/simulator/routes/antigena.ts
// darktrace-activate-respond-action: POST /antigena {codeid, activate:true[, duration], reason}
// (darktrace-next.md §B.2): confirms a pending action; without a duration the model's default applies.
import { defineCommand } from './define-command.js';
import { runRespondChange } from './respond-write.js';

export const activateRespondAction = defineCommand('darktrace-activate-respond-action', {
  run: ({ client, clock, params, args }) => runRespondChange({ client, clock, params }, 'darktrace-activate-respond-action', 'activate', args),
});
