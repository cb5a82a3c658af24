// darktrace-unacknowledge-model-breach → POST /modelbreaches/{pbid}/unacknowledge → src/simulator/routes/breach-actions.ts; GET /modelbreaches/{pbid} → src/simulator/routes/modelbreaches.ts
// darktrace-unacknowledge-model-breach: POST /modelbreaches/<pbid>/unacknowledge (reference/darktrace-api.md §4.14).
import { defineAcknowledgement } from './acknowledge-model-breach.js';

export const unacknowledgeModelBreach = defineAcknowledgement('darktrace-unacknowledge-model-breach', false);
