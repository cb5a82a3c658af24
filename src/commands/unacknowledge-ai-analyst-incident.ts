// darktrace-unacknowledge-ai-analyst-incident: all the incident's events, in one request (acknowledge-ai-analyst-incident.ts).
import { defineIncidentAcknowledgement } from './acknowledge-ai-analyst-incident.js';

export const unacknowledgeAiAnalystIncident = defineIncidentAcknowledgement('darktrace-unacknowledge-ai-analyst-incident', false);
