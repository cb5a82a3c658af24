// darktrace-unacknowledge-ai-analyst-incident-event: POST /aianalyst/unacknowledge (reference/darktrace-next.md §A.2);
// one event id or a list, in one request (ai-analyst-event-flags.ts).
import { defineEventFlagCommand } from './ai-analyst-event-flags.js';

export const unacknowledgeAiAnalystIncidentEvent = defineEventFlagCommand('darktrace-unacknowledge-ai-analyst-incident-event', 'unacknowledge');
