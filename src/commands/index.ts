// The one list of command handlers. The manifest and this list must name the same commands
// (test/contract/manifest-vs-handlers.test.ts); nothing else enumerates commands.
import type { CommandHandler } from './define-command.js';
import { getDeviceEvents } from './get-device-events.js';
import { getDevices } from './get-devices.js';
import { searchEvents } from './search-events.js';
import { validateAction } from './validate-action.js';
import { getSimilarDevices } from './get-similar-devices.js';
import { getExternalEndpointDetails } from './get-external-endpoint-details.js';
import { getDeviceConnectionInfo } from './get-device-connection-info.js';
import { runAdvancedSearchAnalysis } from './run-advanced-search-analysis.js';
import { postToWatchedList } from './post-to-watched-list.js';
import { getTaggedDevices } from './get-tagged-devices.js';
import { getTagsForDevice } from './get-tags-for-device.js';
import { postTagToDevice } from './post-tag-to-device.js';
import { acknowledgeModelBreach } from './acknowledge-model-breach.js';
import { getModel } from './get-model.js';
import { getModelBreach } from './get-model-breach.js';
import { getModelBreachComments } from './get-model-breach-comments.js';
import { getModelBreachConnections } from './get-model-breach-connections.js';
import { getModelComponent } from './get-model-component.js';
import { postCommentToModelBreach } from './post-comment-to-model-breach.js';
import { unacknowledgeModelBreach } from './unacknowledge-model-breach.js';
import { getAiAnalystIncidentEvent } from './get-ai-analyst-incident-event.js';
import { listAiAnalystIncidentEvents } from './list-ai-analyst-incident-events.js';
import { listAiAnalystIncidents } from './list-ai-analyst-incidents.js';
import { getAiAnalystIncidentGroupFromEventId } from './get-ai-analyst-incident-group-from-event-id.js';
import { acknowledgeAiAnalystIncidentEvent } from './acknowledge-ai-analyst-incident-event.js';
import { unacknowledgeAiAnalystIncidentEvent } from './unacknowledge-ai-analyst-incident-event.js';
import { acknowledgeAiAnalystIncident } from './acknowledge-ai-analyst-incident.js';
import { unacknowledgeAiAnalystIncident } from './unacknowledge-ai-analyst-incident.js';
import { pinAiAnalystIncidentEvent } from './pin-ai-analyst-incident-event.js';
import { unpinAiAnalystIncidentEvent } from './unpin-ai-analyst-incident-event.js';
import { getCommentsForAiAnalystIncidentEvent } from './get-comments-for-ai-analyst-incident-event.js';
import { postCommentToAiAnalystIncidentEvent } from './post-comment-to-ai-analyst-incident-event.js';
import { listAiAnalystInvestigations } from './list-ai-analyst-investigations.js';
import { createAiAnalystInvestigation } from './create-ai-analyst-investigation.js';

export const handlers: readonly CommandHandler[] = [
  getSimilarDevices,
  getExternalEndpointDetails,
  getDeviceConnectionInfo,
  runAdvancedSearchAnalysis,
  postToWatchedList,
  getTaggedDevices,
  getTagsForDevice,
  postTagToDevice,
  getModelBreach,
  getModelBreachConnections,
  getModelBreachComments,
  postCommentToModelBreach,
  acknowledgeModelBreach,
  unacknowledgeModelBreach,
  getModel,
  getModelComponent,
  searchEvents,
  getDeviceEvents,
  getDevices,
  validateAction,
  getAiAnalystIncidentEvent,
  listAiAnalystIncidentEvents,
  listAiAnalystIncidents,
  getAiAnalystIncidentGroupFromEventId,
  acknowledgeAiAnalystIncidentEvent,
  unacknowledgeAiAnalystIncidentEvent,
  acknowledgeAiAnalystIncident,
  unacknowledgeAiAnalystIncident,
  pinAiAnalystIncidentEvent,
  unpinAiAnalystIncidentEvent,
  getCommentsForAiAnalystIncidentEvent,
  postCommentToAiAnalystIncidentEvent,
  listAiAnalystInvestigations,
  createAiAnalystInvestigation,
] as readonly CommandHandler[];
