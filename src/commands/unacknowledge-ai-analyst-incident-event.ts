// darktrace-unacknowledge-ai-analyst-incident-event → GET /aianalyst/incidentevents → src/simulator/routes/aianalyst.ts; POST /aianalyst/unacknowledge → src/simulator/routes/aianalyst-actions.ts
// darktrace-unacknowledge-ai-analyst-incident-event: POST /aianalyst/unacknowledge (reference/darktrace-next.md §A.2);
// one event id or a list, in one request (ai-analyst-event-flags.ts).
import { defineEventFlagCommand } from './ai-analyst-event-flags.js';

export const unacknowledgeAiAnalystIncidentEvent = defineEventFlagCommand('darktrace-unacknowledge-ai-analyst-incident-event', 'unacknowledge');
