// darktrace-extend-respond-action → POST /antigena, GET /antigena → src/simulator/routes/antigena.ts
// darktrace-extend-respond-action: POST /antigena {codeid, duration, reason} (darktrace-next.md
// §B.2): `duration` is the new remaining time counted from now, not an increment (G61, MCPLAB 6b).
import { defineCommand } from './define-command.js';
import { runRespondChange } from './respond-write.js';

export const extendRespondAction = defineCommand('darktrace-extend-respond-action', {
  run: ({ client, clock, params, args }) => runRespondChange({ client, clock, params }, 'darktrace-extend-respond-action', 'extend', args),
});
