// Generated from integration.yml by src/manifest/generate-types.ts: do not edit, run `npm run generate`.
// The arguments of each command as src/manifest/args.ts hands them to its handler (defineCommand looks them up by name).

interface GetSimilarDevicesArgs {
  /** Darktrace Device ID */
  readonly did: number;
  /** Maximum number of results to return */
  readonly max_results: number;
}

interface GetExternalEndpointDetailsArgs {
  /** Type of endpoint: IP or hostname */
  readonly endpoint_type: 'IP' | 'hostname';
  /** IP address (when endpoint_type is IP) or hostname to look up */
  readonly endpoint_value: string;
  /** Include devices that have recently connected to the endpoint */
  readonly devices: boolean;
  /** Return additional information about the endpoint (IPs, locations) */
  readonly additional_info: boolean;
  /** Return rarity data (popularity, DGA score) for this endpoint */
  readonly score: boolean;
}

interface GetDeviceConnectionInfoArgs {
  /** Darktrace Device ID */
  readonly did: number;
  /** Return data for connections (co), data size out (sizeout) or data size in (sizein). */
  readonly data_type: 'co' | 'sizeout' | 'sizein';
  /** Restrict external data to a particular domain name. */
  readonly external_domain?: string;
  /** Darktrace Device ID of a destination device to restrict data to. */
  readonly destination_did?: number;
  /** Return an entry for all time intervals in the graph data, including zero counts (not recommended). */
  readonly show_all_graph_data?: boolean;
  /** Return data for the primary device and this number of similar devices. */
  readonly num_similar_devices?: number;
  /** Return the full device detail objects for all devices referenced by the answer. */
  readonly full_device_details?: boolean;
}

interface RunAdvancedSearchAnalysisArgs {
  /** Initial date for the query (YYYY-MM-DD, UTC) */
  readonly initialDate: string;
  /** Initial time for the query (HH:MM:SS, UTC) */
  readonly initialTime: string;
  /** End date for the query (YYYY-MM-DD, UTC), not before initialDate */
  readonly endDate: string;
  /** End time for the query (HH:MM:SS, UTC) */
  readonly endTime: string;
  /** The Advanced Search query, e.g. @type:conn AND @fields.dest_port:443 */
  readonly query: string;
  /** The analysis to perform on the metric of the matching records */
  readonly operation: 'score' | 'trend' | 'terms' | 'mean';
  /** The field to analyse, e.g. @fields.source_ip */
  readonly metric: string;
  /** The analysis covers 10 000 records at a time; use this to analyse further records. */
  readonly offset: number;
}

interface PostToWatchedListArgs {
  /** One or a comma-separated list of IPs, hostnames or domains to watch */
  readonly endpointsToWatch: string[];
  /** Optional description for the added entries (at most 255 characters) */
  readonly description?: string;
}

interface GetTaggedDevicesArgs {
  /** Tag name */
  readonly tagName: string;
}

interface GetTagsForDeviceArgs {
  /** Device unique identifier */
  readonly deviceId: number;
}

interface PostTagToDeviceArgs {
  /** Device unique identifier */
  readonly deviceId: number;
  /** Name of the tag to apply (it must exist on the appliance) */
  readonly tagName: string;
}

interface GetModelBreachArgs {
  /** Model breach ID */
  readonly pbid: number;
}

interface GetModelBreachConnectionsArgs {
  /** Model breach ID */
  readonly pbid: number;
  /** Maximum number of connections to return */
  readonly count: number;
  /** Number of connections to skip, for paging */
  readonly offset: number;
}

interface GetModelBreachCommentsArgs {
  /** Model breach ID */
  readonly pbid: number;
}

interface PostCommentToModelBreachArgs {
  /** Model breach ID */
  readonly pbid: number;
  /** The comment text */
  readonly message: string;
}

interface AcknowledgeModelBreachArgs {
  /** Model breach ID */
  readonly pbid: number;
}

interface UnacknowledgeModelBreachArgs {
  /** Model breach ID */
  readonly pbid: number;
}

interface GetModelArgs {
  /** Model UUID */
  readonly uuid: string;
}

interface GetModelComponentArgs {
  /** Component ID */
  readonly cid: number;
}

interface SearchEventsArgs {
  /** IP addresses the events are about (comma-separated); %IPS% in the queries. */
  readonly ips?: string[];
  /** Host names the events are about (comma-separated); %HOSTNAMES% in the queries. */
  readonly hostnames?: string[];
  /** Start of the range, ISO-8601 or "N minutes|hours|days ago". */
  readonly start: number;
  /** End of the range (default now). */
  readonly end?: number;
  /** Most events, and separately most alerts, to return (default the instance's limit). */
  readonly limit?: number;
  /** An advanced-search query replacing the default and custom queries; %IPS% and %HOSTNAMES% are expanded. */
  readonly query?: string;
}

interface GetDeviceEventsArgs {
  /** Darktrace Device ID (give did or ip). */
  readonly did?: number;
  /** IP address of the device (give did or ip). */
  readonly ip?: string;
  /** Start of the range (default an hour before end). */
  readonly start?: number;
  /** End of the range (default now). */
  readonly end?: number;
  /** Kind of events. */
  readonly event_type: 'connection' | 'unusualconnection' | 'newconnection' | 'notice' | 'devicehistory' | 'modelbreach';
}

interface GetDevicesArgs {
  /** Devices seen within this offset, e.g. 7days, 1hour, 30min (a bare number is seconds). */
  readonly seen_since?: string;
  /** The device's current IP address. */
  readonly ip?: string;
  /** The device's host name. */
  readonly hostname?: string;
}

interface ValidateActionArgs {
  /** IP addresses the action targeted (comma-separated). */
  readonly ips?: string[];
  /** Host names the action targeted (comma-separated). */
  readonly hostnames?: string[];
  /** When the test action started, ISO-8601 or "N minutes ago". */
  readonly action_time: number;
  /** An advanced-search query replacing the default and custom queries. */
  readonly query?: string;
  /** Overrides the instance's query time (minutes). */
  readonly query_time?: number;
  /** Overrides the instance's delay time (minutes). */
  readonly delay_time?: number;
  /** Overrides the instance's query interval (seconds). */
  readonly query_interval?: number;
}

interface ListRespondActionsArgs {
  /** Only the actions on this device (did). */
  readonly device_id?: number;
  /** Only the actions triggered by this model breach. */
  readonly pbid?: number;
  /** Only the actions waiting for confirmation (pending). */
  readonly need_confirming: boolean;
  /** Also list the actions someone cleared. */
  readonly include_cleared: boolean;
  /** Add each action's history (created, extended, cleared ... with user, reason and time). */
  readonly include_history: boolean;
  /** Add the connections that connection actions block. */
  readonly include_connections: boolean;
  /** Start of a time window on the actions' start, ISO-8601 or "N units ago"; give end_time with it. */
  readonly start_time?: number;
  /** End of the time window, ISO-8601 or "N units ago"; give start_time with it. */
  readonly end_time?: number;
}

interface GetRespondSummaryArgs {
  /** Start of a time window, ISO-8601 or "N units ago"; give end_time with it. With a window the appliance counts no pending actions. */
  readonly start_time?: number;
  /** End of the time window, ISO-8601 or "N units ago"; give start_time with it. */
  readonly end_time?: number;
}

interface ActivateRespondActionArgs {
  /** The RESPOND action's id (codeid, from darktrace-list-respond-actions). */
  readonly codeid: number;
  /** Seconds the action stays active from now; without it the model's default RESPOND Action Duration applies. */
  readonly duration?: number;
  /** Why, recorded in the appliance's action history; required unless the instance parameter respond_default_reason is set (appliances with Audit Antigena refuse writes without one). */
  readonly reason?: string;
  /** true checks the arguments and shows the exact request without sending anything. */
  readonly dry_run: boolean;
}

interface ExtendRespondActionArgs {
  /** The RESPOND action's id (codeid, from darktrace-list-respond-actions). */
  readonly codeid: number;
  /** The new remaining time in seconds, counted from now (100 s left and duration=110 adds 10 s; duration=10 ends it 90 s early). */
  readonly duration: number;
  /** Why, recorded in the appliance's action history; required unless the instance parameter respond_default_reason is set (appliances with Audit Antigena refuse writes without one). */
  readonly reason?: string;
  /** true checks the arguments and shows the exact request without sending anything. */
  readonly dry_run: boolean;
}

interface ClearRespondActionArgs {
  /** The RESPOND action's id (codeid, from darktrace-list-respond-actions). */
  readonly codeid: number;
  /** Why, recorded in the appliance's action history; required unless the instance parameter respond_default_reason is set (appliances with Audit Antigena refuse writes without one). */
  readonly reason?: string;
  /** true checks the arguments and shows the exact request without sending anything. */
  readonly dry_run: boolean;
}

interface ReactivateRespondActionArgs {
  /** The RESPOND action's id (codeid, from darktrace-list-respond-actions). */
  readonly codeid: number;
  /** Seconds the action stays active from now. */
  readonly duration: number;
  /** Why, recorded in the appliance's action history; required unless the instance parameter respond_default_reason is set (appliances with Audit Antigena refuse writes without one). */
  readonly reason?: string;
  /** true checks the arguments and shows the exact request without sending anything. */
  readonly dry_run: boolean;
}

interface CreateManualRespondActionArgs {
  /** The device (did) to act on. */
  readonly device_id: number;
  /** The action: connection (block matching connections), pol (enforce pattern of life), gpol (enforce group pattern of life), quarantine, quarantineOutgoing, quarantineIncoming. */
  readonly action: 'connection' | 'pol' | 'gpol' | 'quarantine' | 'quarantineOutgoing' | 'quarantineIncoming';
  /** Seconds the action stays active. */
  readonly duration: number;
  /** Why, recorded in the appliance's action history; required unless the instance parameter respond_default_reason is set (appliances with Audit Antigena refuse writes without one). */
  readonly reason?: string;
  /** For action=connection only, and required there: a JSON list of connections to block, e.g. [{"src": "10.0.0.5", "dst": "203.0.113.250", "port": 443}]. */
  readonly connections?: unknown;
  /** true checks the arguments and shows the exact request without sending anything. */
  readonly dry_run: boolean;
}

interface RemoveTagFromDeviceArgs {
  /** Device unique identifier */
  readonly deviceId: number;
  /** Name of the tag to remove */
  readonly tagName: string;
  /** true checks the arguments and shows the exact request without sending anything. */
  readonly dry_run: boolean;
}

interface RemoveFromWatchedListArgs {
  /** The watched domain, host name or IP address to remove. */
  readonly endpoint: string;
  /** Only from this source of the watched list (needed when several sources hold the entry). */
  readonly source?: string;
  /** true checks the arguments and shows the exact request without sending anything. */
  readonly dry_run: boolean;
}

interface GetWatchedListArgs {
  /** Only the entries of this source. */
  readonly source?: string;
  /** Each entry with its source, description, expiry and strength (false lists names only). */
  readonly full_details: boolean;
}

interface GetAiAnalystIncidentEventArgs {
  /** AI Analyst event ID */
  readonly eventId: string;
}

interface ListAiAnalystIncidentEventsArgs {
  /** Start of the window, ISO-8601 or "N units ago". Without a window the appliance answers the last 7 days. */
  readonly start_time?: number;
  /** End of the window, ISO-8601 or "N units ago"; default now. */
  readonly end_time?: number;
  /** Lowest event score, 0-100. */
  readonly min_score?: number;
  /** Lowest incident score, 0-100. */
  readonly min_group_score?: number;
  /** Incident categories to return (comma-separated); all when empty. */
  readonly categories?: ('critical' | 'suspicious' | 'compliance')[];
  /** Only the events of this incident. */
  readonly group_id?: string;
  /** Include acknowledged items. */
  readonly include_acknowledged: boolean;
  /** Include every pinned item, even outside the window (the appliance's default; off here so that the window means what it says). */
  readonly include_pinned: boolean;
  /** Only SaaS and cloud (IDENTITY/CLOUD) activity. */
  readonly saas_only: boolean;
  /** Only items involving this device ID. */
  readonly device_id?: number;
  /** Leave out items involving this device ID. */
  readonly exclude_device_id?: number;
  /** Language of titles and summaries. */
  readonly locale?: 'de_DE' | 'en_GB' | 'en_US' | 'es_ES' | 'es_419' | 'fr_FR' | 'it_IT' | 'ja_JP' | 'ko_KR' | 'pt_BR' | 'zh_Hans' | 'zh_Hant';
  /** Most items returned (newest first); the answer says how many more matched. */
  readonly limit: number;
}

interface ListAiAnalystIncidentsArgs {
  /** Start of the window, ISO-8601 or "N units ago". Without a window the appliance answers the last 7 days. */
  readonly start_time?: number;
  /** End of the window, ISO-8601 or "N units ago"; default now. */
  readonly end_time?: number;
  /** Lowest incident score, 0-100. */
  readonly min_score?: number;
  /** Incident categories to return (comma-separated); all when empty. */
  readonly categories?: ('critical' | 'suspicious' | 'compliance')[];
  /** Only these incidents (comma-separated incident IDs). */
  readonly group_id?: string[];
  /** Include acknowledged items. */
  readonly include_acknowledged: boolean;
  /** Include every pinned item, even outside the window (the appliance's default; off here so that the window means what it says). */
  readonly include_pinned: boolean;
  /** Only SaaS and cloud (IDENTITY/CLOUD) activity. */
  readonly saas_only: boolean;
  /** Only items involving this device ID. */
  readonly device_id?: number;
  /** Leave out items involving this device ID. */
  readonly exclude_device_id?: number;
  /** Language of titles and summaries. */
  readonly locale?: 'de_DE' | 'en_GB' | 'en_US' | 'es_ES' | 'es_419' | 'fr_FR' | 'it_IT' | 'ja_JP' | 'ko_KR' | 'pt_BR' | 'zh_Hans' | 'zh_Hant';
  /** Most items returned (newest first); the answer says how many more matched. */
  readonly limit: number;
}

interface GetAiAnalystIncidentGroupFromEventIdArgs {
  /** AI Analyst event ID */
  readonly eventId: string;
}

interface AcknowledgeAiAnalystIncidentEventArgs {
  /** AI Analyst event ID, or a comma-separated list (all in one request) */
  readonly eventId: string[];
}

interface UnacknowledgeAiAnalystIncidentEventArgs {
  /** AI Analyst event ID, or a comma-separated list (all in one request) */
  readonly eventId: string[];
}

interface AcknowledgeAiAnalystIncidentArgs {
  /** AI Analyst incident ID (starts with g) */
  readonly groupId: string;
}

interface UnacknowledgeAiAnalystIncidentArgs {
  /** AI Analyst incident ID (starts with g) */
  readonly groupId: string;
}

interface PinAiAnalystIncidentEventArgs {
  /** AI Analyst event ID, or a comma-separated list (all in one request) */
  readonly eventId: string[];
}

interface UnpinAiAnalystIncidentEventArgs {
  /** AI Analyst event ID, or a comma-separated list (all in one request) */
  readonly eventId: string[];
}

interface GetCommentsForAiAnalystIncidentEventArgs {
  /** AI Analyst event ID */
  readonly eventId: string;
}

interface PostCommentToAiAnalystIncidentEventArgs {
  /** AI Analyst event ID */
  readonly eventId: string;
  /** The comment text */
  readonly comment: string;
}

interface ListAiAnalystInvestigationsArgs {
  /** One investigation. */
  readonly investigation_id?: string;
  /** Start of the window, ISO-8601 or "N units ago". */
  readonly start_time?: number;
  /** End of the window, ISO-8601 or "N units ago". */
  readonly end_time?: number;
}

interface CreateAiAnalystInvestigationArgs {
  /** The device to investigate. */
  readonly device_id: number;
  /** The time to investigate around (Cyber AI Analyst looks at about an hour), ISO-8601 or "N units ago". */
  readonly investigate_time: number;
  /** Seconds to wait for the investigation to finish; 0 returns at once with its ID. */
  readonly timeout: number;
}

export interface CommandArgs {
  'darktrace-get-similar-devices': GetSimilarDevicesArgs;
  'darktrace-get-external-endpoint-details': GetExternalEndpointDetailsArgs;
  'darktrace-get-device-connection-info': GetDeviceConnectionInfoArgs;
  'darktrace-run-advanced-search-analysis': RunAdvancedSearchAnalysisArgs;
  'darktrace-post-to-watched-list': PostToWatchedListArgs;
  'darktrace-get-tagged-devices': GetTaggedDevicesArgs;
  'darktrace-get-tags-for-device': GetTagsForDeviceArgs;
  'darktrace-post-tag-to-device': PostTagToDeviceArgs;
  'darktrace-get-model-breach': GetModelBreachArgs;
  'darktrace-get-model-breach-connections': GetModelBreachConnectionsArgs;
  'darktrace-get-model-breach-comments': GetModelBreachCommentsArgs;
  'darktrace-post-comment-to-model-breach': PostCommentToModelBreachArgs;
  'darktrace-acknowledge-model-breach': AcknowledgeModelBreachArgs;
  'darktrace-unacknowledge-model-breach': UnacknowledgeModelBreachArgs;
  'darktrace-get-model': GetModelArgs;
  'darktrace-get-model-component': GetModelComponentArgs;
  'darktrace-search-events': SearchEventsArgs;
  'darktrace-get-device-events': GetDeviceEventsArgs;
  'darktrace-get-devices': GetDevicesArgs;
  'darktrace-validate-action': ValidateActionArgs;
  'darktrace-list-respond-actions': ListRespondActionsArgs;
  'darktrace-get-respond-summary': GetRespondSummaryArgs;
  'darktrace-activate-respond-action': ActivateRespondActionArgs;
  'darktrace-extend-respond-action': ExtendRespondActionArgs;
  'darktrace-clear-respond-action': ClearRespondActionArgs;
  'darktrace-reactivate-respond-action': ReactivateRespondActionArgs;
  'darktrace-create-manual-respond-action': CreateManualRespondActionArgs;
  'darktrace-remove-tag-from-device': RemoveTagFromDeviceArgs;
  'darktrace-remove-from-watched-list': RemoveFromWatchedListArgs;
  'darktrace-get-watched-list': GetWatchedListArgs;
  'darktrace-get-ai-analyst-incident-event': GetAiAnalystIncidentEventArgs;
  'darktrace-list-ai-analyst-incident-events': ListAiAnalystIncidentEventsArgs;
  'darktrace-list-ai-analyst-incidents': ListAiAnalystIncidentsArgs;
  'darktrace-get-ai-analyst-incident-group-from-eventId': GetAiAnalystIncidentGroupFromEventIdArgs;
  'darktrace-acknowledge-ai-analyst-incident-event': AcknowledgeAiAnalystIncidentEventArgs;
  'darktrace-unacknowledge-ai-analyst-incident-event': UnacknowledgeAiAnalystIncidentEventArgs;
  'darktrace-acknowledge-ai-analyst-incident': AcknowledgeAiAnalystIncidentArgs;
  'darktrace-unacknowledge-ai-analyst-incident': UnacknowledgeAiAnalystIncidentArgs;
  'darktrace-pin-ai-analyst-incident-event': PinAiAnalystIncidentEventArgs;
  'darktrace-unpin-ai-analyst-incident-event': UnpinAiAnalystIncidentEventArgs;
  'darktrace-get-comments-for-ai-analyst-incident-event': GetCommentsForAiAnalystIncidentEventArgs;
  'darktrace-post-comment-to-ai-analyst-incident-event': PostCommentToAiAnalystIncidentEventArgs;
  'darktrace-list-ai-analyst-investigations': ListAiAnalystInvestigationsArgs;
  'darktrace-create-ai-analyst-investigation': CreateAiAnalystInvestigationArgs;
}
