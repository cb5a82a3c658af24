// Generated from integration.yml by src/manifest/generate-types.ts: do not edit, run `npm run generate`.

/** Instance parameters after coercion (config/params.ts): every declared parameter, typed as integration.yml declares it. */
export interface Params {
  /**
   * Server URL (e.g. https://example.net).
   * Base URL of the Darktrace appliance; may carry a port and a path prefix.
   */
  readonly url: string;
  /**
   * Fetch incidents.
   * Default: "false".
   */
  readonly isFetch: boolean;
  /**
   * Incident type.
   * The incident type fetched model-breach incidents carry (their `type`). An empty value also means this default, so every model-breach incident carries a type; set another to route them to your own incident type.
   * Default: "Darktrace Model Breach".
   */
  readonly incidentType: string;
  /**
   * Trust any certificate (not secure).
   * Default: "false".
   */
  readonly insecure: boolean;
  /**
   * Use system proxy settings.
   * Default: "false".
   */
  readonly proxy: boolean;
  /**
   * Public API Token.
   */
  readonly public_api_token: string;
  /**
   * Private API Token.
   */
  readonly private_api_token: string;
  /**
   * Minimum Score.
   * Minimum model breach score to fetch, from 0 to 100.
   * Default: "0".
   */
  readonly min_score: number;
  /**
   * Maximum Model Breaches per Fetch.
   * Default: "50".
   */
  readonly max_alerts: number;
  /**
   * First fetch time.
   * "N minutes|hours|days|weeks|months [ago]" or an ISO-8601 date.
   * Default: "1 day".
   */
  readonly first_fetch: string;
  /**
   * Request timeout (seconds).
   * Each attempt's whole answer (headers and body) must arrive within this; a command or fetch request gives up after 3 times this, retries included.
   * Default: "30".
   */
  readonly timeout: number;
  /**
   * Maximum response size (MB).
   * An answer larger than this is refused (from its Content-Length, or as soon as it grows past it) instead of filling memory. Answers over 512 MB cannot be decoded at all.
   * Default: "256".
   */
  readonly max_response_mb: number;
  /**
   * Use advanced search endpoint.
   * Security validation collects events with /advancedsearch queries (default and custom ones); otherwise from /devices then /details.
   * Default: "false".
   */
  readonly use_advanced_search: boolean;
  /**
   * Custom queries.
   * JSON list of {"name": ..., "query": ...}; %IPS% and %HOSTNAMES% expand to OR-lists of the validated values. Run only with advanced search.
   * Default: "[]".
   */
  readonly custom_queries: readonly unknown[];
  /**
   * Field map.
   * JSON object: normalized field (time, src_ip, dest_ip, src_host, dest_host, host, user, description, product, event_type) -> ordered list of source columns; the first column present wins.
   * Default: "{}".
   */
  readonly field_map: Readonly<Record<string, unknown>>;
  /**
   * Query time (minutes).
   * Minutes before and after the action time that events are looked for.
   * Default: "5".
   */
  readonly query_time: number;
  /**
   * Delay time (minutes).
   * Minutes each query run waits after its window closes; the first run is this long after the action.
   * Default: "0".
   */
  readonly delay_time: number;
  /**
   * Query interval (seconds).
   * Default: "30".
   */
  readonly query_interval: number;
  /**
   * Correlation query.
   * An advanced-search query (macros allowed) whose hits are reported beside the verdict.
   * Default: "".
   */
  readonly correlation_query: string;
  /**
   * Correlation query enabled.
   * Default: "false".
   */
  readonly correlation_enabled: boolean;
  /**
   * Correlation query interval (minutes).
   * Default: "5".
   */
  readonly correlation_interval: number;
  /**
   * Discover network devices automatically.
   * Adds the device type and vendor to events as the product.
   * Default: "true".
   */
  readonly discover_devices: boolean;
  /**
   * Save suspicious events.
   * Keep events about the hosts that no query of the action matched, as suspicious.
   * Default: "false".
   */
  readonly save_suspicious_events: boolean;
  /**
   * Event time adjustment (seconds).
   * Default: "0".
   */
  readonly event_time_adjustment: number;
  /**
   * Limit.
   * Most events, and separately most alerts, one validation or search returns.
   * Default: "10000".
   */
  readonly limit: number;
  /**
   * Incident Mirroring Direction.
   * Incoming: acknowledgements and comments in Darktrace reach the fetched incidents. Outgoing: closing and tagged notes in the platform reach Darktrace. Fetched incidents carry dbotMirrorId, dbotMirrorDirection, dbotMirrorInstance and dbotMirrorTags.
   * Default: "None".
   */
  readonly mirror_direction: 'None' | 'Incoming' | 'Outgoing' | 'Incoming And Outgoing';
  /**
   * Close the incident when Darktrace acknowledges it.
   * With incoming mirroring, an acknowledgement in Darktrace closes the fetched incident (reason "Acknowledged in Darktrace", by whom and when).
   * Default: "false".
   */
  readonly close_incident: boolean;
  /**
   * Reopen the incident when Darktrace unacknowledges it.
   * With incoming mirroring, an incident closed because of an acknowledgement is reopened when the breach is unacknowledged. Closed incidents stay watched while this is on.
   * Default: "false".
   */
  readonly reopen_on_unack: boolean;
  /**
   * Acknowledge in Darktrace when the incident is closed.
   * With outgoing mirroring, closing the incident acknowledges the breach in Darktrace, and reopening an incident closed this way unacknowledges it.
   * Default: "false".
   */
  readonly close_out: boolean;
  /**
   * Comment tag.
   * With outgoing mirroring, notes carrying this tag are posted to Darktrace as comments, each once.
   * Default: "comment".
   */
  readonly comment_tag: string;
  /**
   * Tag of comments from Darktrace.
   * Put on the notes made from Darktrace comments; a note with it is never posted back. Must differ from the comment tag.
   * Default: "FromDarktrace".
   */
  readonly comment_from_darktrace_tag: string;
  /**
   * Prefix of mirrored comments.
   * Starts every comment posted to Darktrace by mirroring; Darktrace comments starting with it are never brought back in.
   * Default: "[XSOAR]".
   */
  readonly mirror_comment_prefix: string;
  /**
   * Instance name for mirroring.
   * The platform's name of this instance, stamped on fetched incidents as dbotMirrorInstance (XSOAR routes mirroring calls by it). Platforms running darktrace-soar through exec pass their instance name here.
   */
  readonly mirror_instance?: string;
  /**
   * Minimum model priority.
   * Model breaches whose model priority (0-5) is lower are left out after the checkpoint; 0 fetches every priority. A breach without a readable priority is fetched.
   * Default: "0".
   */
  readonly min_priority: number;
  /**
   * Model breach categories.
   * Comma-separated categories to fetch: Critical, Suspicious, Compliance, Informational (any case); empty fetches all. Applied after the checkpoint; a breach whose category cannot be read is fetched.
   */
  readonly categories?: string;
  /**
   * Model names to fetch.
   * Only model breaches whose model name matches one of these globs, one per line (or comma-separated on one line), e.g. Compromise::*. Whole name, case-insensitive; * is any characters (:: included), ? one character. Empty fetches every model. Applied after the checkpoint.
   */
  readonly model_include?: string;
  /**
   * Model names to leave out.
   * Model breaches whose model name matches one of these globs are left out, one per line (or comma-separated on one line), e.g. Device::New User Agent or Compliance::*. Same glob rules as model_include; applied after the checkpoint.
   */
  readonly model_exclude?: string;
  /**
   * Fetch acknowledged model breaches.
   * Sent to the appliance as includeacknowledged; by default acknowledged breaches are not fetched.
   * Default: "false".
   */
  readonly include_acknowledged: boolean;
  /**
   * Default reason for RESPOND actions.
   * Sent as the reason of a RESPOND write (activate, extend, clear, reactivate, manual action) given no reason argument, e.g. "darktrace-soar playbook". Appliances with Audit Antigena on refuse a write without a reason; it is recorded in the action history.
   */
  readonly respond_default_reason?: string;
  /**
   * Fetch model breaches.
   * Fetch model breaches as incidents (one per breach). Shares max_alerts with the AI Analyst stream.
   * Default: "true".
   */
  readonly fetch_model_breaches: boolean;
  /**
   * Fetch AI Analyst incident events.
   * Fetch Cyber AI Analyst incident events as incidents (one per event, keyed on the event id), fetched before model breaches within max_alerts.
   * Default: "false".
   */
  readonly fetch_ai_analyst: boolean;
  /**
   * AI Analyst minimum incident score.
   * Fetch only events whose AI Analyst incident score is at least this, from 0 to 100 (sent as mingroupscore). An event whose incident score reaches it later, within the lookback, is fetched then.
   * Default: "0".
   */
  readonly ai_analyst_min_score: number;
  /**
   * AI Analyst incident categories.
   * Comma-separated incident categories to fetch: critical, suspicious, compliance. Empty fetches every category.
   * Default: "".
   */
  readonly ai_analyst_categories: string;
  /**
   * Fetch acknowledged AI Analyst events.
   * Also fetch events already acknowledged in Darktrace (hidden by default, as the appliance does).
   * Default: "false".
   */
  readonly ai_analyst_include_acknowledged: boolean;
  /**
   * AI Analyst lookback.
   * "N minutes|hours|days", from 1 minute to 7 days. Each fetch re-reads this far behind its checkpoint, so an event Darktrace shows late is still fetched, once.
   * Default: "24 hours".
   */
  readonly ai_analyst_lookback: string;
  /**
   * AI Analyst incident type.
   * The incident type AI Analyst incidents carry (their `type`); model breaches keep the Incident type parameter.
   * Default: "Darktrace AI Analyst Incident Event".
   */
  readonly ai_analyst_incident_type: string;
}
