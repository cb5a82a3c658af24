// darktrace-unpin-ai-analyst-incident-event: POST /aianalyst/unpin (reference/darktrace-next.md §A.2);
// one event id or a list, in one request (ai-analyst-event-flags.ts).
import { defineEventFlagCommand } from './ai-analyst-event-flags.js';

export const unpinAiAnalystIncidentEvent = defineEventFlagCommand('darktrace-unpin-ai-analyst-incident-event', 'unpin');
