// Generated from integration.yml by test/unit/manifest/params-generated.test.ts; do not edit by hand.
// After changing a parameter: npx vitest run test/unit/manifest/params-generated.test.ts -u

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
   * The incident type fetched incidents carry (their `type`); left out when empty, so that the platform's own classification applies.
   */
  readonly incidentType?: string;
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
}
