// darktrace-reactivate-respond-action → POST /antigena, GET /antigena → src/simulator/routes/antigena.ts
// darktrace-reactivate-respond-action: POST /antigena {codeid, activate:true, duration, reason}
// (darktrace-next.md §B.2): brings back a cleared or expired action; the duration is required.
import { defineCommand } from './define-command.js';
import { runRespondChange } from './respond-write.js';

export const reactivateRespondAction = defineCommand('darktrace-reactivate-respond-action', {
  run: ({ client, clock, params, args }) => runRespondChange({ client, clock, params }, 'darktrace-reactivate-respond-action', 'reactivate', args),
});
