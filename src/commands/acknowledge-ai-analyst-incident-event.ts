// darktrace-acknowledge-ai-analyst-incident-event: POST /aianalyst/acknowledge (reference/darktrace-next.md §A.2);
// one event id or a list, in one request (ai-analyst-event-flags.ts).
import { defineEventFlagCommand } from './ai-analyst-event-flags.js';

export const acknowledgeAiAnalystIncidentEvent = defineEventFlagCommand('darktrace-acknowledge-ai-analyst-incident-event', 'acknowledge');
