// darktrace-unacknowledge-ai-analyst-incident → GET /aianalyst/groups, GET /aianalyst/incidentevents → src/simulator/routes/aianalyst.ts; POST /aianalyst/unacknowledge → src/simulator/routes/aianalyst-actions.ts
// darktrace-unacknowledge-ai-analyst-incident: all the incident's events, in one request (acknowledge-ai-analyst-incident.ts).
import { defineIncidentAcknowledgement } from './acknowledge-ai-analyst-incident.js';

export const unacknowledgeAiAnalystIncident = defineIncidentAcknowledgement('darktrace-unacknowledge-ai-analyst-incident', false);
