// darktrace-pin-ai-analyst-incident-event: POST /aianalyst/pin (reference/darktrace-next.md §A.2);
// one event id or a list, in one request (ai-analyst-event-flags.ts).
import { defineEventFlagCommand } from './ai-analyst-event-flags.js';

export const pinAiAnalystIncidentEvent = defineEventFlagCommand('darktrace-pin-ai-analyst-incident-event', 'pin');
