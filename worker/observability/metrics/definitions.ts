// Every metric family Linkscope exports: names follow Prometheus conventions (base units,
// _total for counters, _seconds for durations) and every label takes values from a closed set.
export type MetricType = "counter" | "histogram" | "gauge";

export interface MetricDefinition {
  name: string;
  type: MetricType;
  help: string;
  buckets?: readonly number[];
}

// Around the redirect objective: a cached redirect takes well under 5 ms, a database one tens.
export const REQUEST_DURATION_BUCKETS_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
] as const;
export const DEPENDENCY_DURATION_BUCKETS_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
] as const;

// Clicks per queue message: one (a quiet isolate) up to CLICKS_PER_MESSAGE (100).
export const CLICK_BATCH_SIZE_BUCKETS = [1, 2, 5, 10, 20, 50, 100] as const;

export const METRICS = {
  httpRequests: {
    name: "linkscope_http_requests_total",
    type: "counter",
    help: "HTTP requests by route template, method and status class.",
  },
  httpRequestDuration: {
    name: "linkscope_http_request_duration_seconds",
    type: "histogram",
    help: "Time to build the response, by route group and result (success: below 500 but refusals, refused: 401, 403, 429, error: 5xx).",
    buckets: REQUEST_DURATION_BUCKETS_SECONDS,
  },
  redirects: {
    name: "linkscope_redirects_total",
    type: "counter",
    help: "Redirect lookups by the cache tier that answered and their outcome (found, unknown, scheduled, expired, exhausted, withheld, locked, blocked, limited, unavailable, unserved_host, error).",
  },
  customDomainRedirects: {
    name: "linkscope_custom_domain_redirects_total",
    type: "counter",
    help: "Redirects on custom domains (all of them, never one label per domain) by outcome, as in linkscope_redirects_total; per domain: GET /domains/{id}/stats.",
  },
  clickReservations: {
    name: "linkscope_click_reservations_total",
    type: "counter",
    help: "Click reservations of capped links, by result (granted, exhausted, unavailable: the link answered 503).",
  },
  passwordAttempts: {
    name: "linkscope_link_password_attempts_total",
    type: "counter",
    help: "Passwords given for protected links, by result (right, wrong, limited: refused before hashing, unavailable: the guess limiter could not be reached, 503).",
  },
  passwordBursts: {
    name: "linkscope_link_password_bursts_total",
    type: "counter",
    help: "Bursts of wrong passwords on one link (20 within 10 minutes): counted once per burst, the link id is in the warn log line.",
  },
  forwardedQueriesDropped: {
    name: "linkscope_forwarded_queries_dropped_total",
    type: "counter",
    help: "Redirects whose incoming query string was not forwarded because the Location would have exceeded 8 KiB.",
  },
  cacheLookups: {
    name: "linkscope_cache_lookups_total",
    type: "counter",
    help: "Entity cache lookups (users, urls, list pages) in Redis, by cache and result (hit, miss).",
  },
  destinationsRefused: {
    name: "linkscope_destinations_refused_total",
    type: "counter",
    help: "Destinations refused by reason (protocol, userinfo, private_address, own_host, blocked_domain, ...) and stage (write, redirect).",
  },
  rateLimited: {
    name: "linkscope_rate_limited_total",
    type: "counter",
    help: "Requests refused with 429, by scope (write, lookup, auth) and what was limited (key, ip).",
  },
  authEvents: {
    name: "linkscope_auth_events_total",
    type: "counter",
    help: "Sign-in, session and invitation events, by kind (link_requested, sign_in, session_refused, session_revoked, csrf, invitation, invitation_accepted, permission, workspace) and result (ok, refused, expired, unknown: an address with no account, failed: a mail not sent).",
  },
  clickSends: {
    name: "linkscope_click_sends_total",
    type: "counter",
    help: "Clicks sent to the click queue (each click of a message counted), by result (ok, retried: sent on a later attempt, error: lost).",
  },
  clickMessagesSent: {
    name: "linkscope_click_messages_sent_total",
    type: "counter",
    help: "Messages the click queue accepted, each carrying up to 100 clicks gathered in one isolate (clicks per message: linkscope_click_batch_size).",
  },
  clickBatchSize: {
    name: "linkscope_click_batch_size",
    type: "histogram",
    help: "Clicks per message sent to the click queue (at most 100: an isolate sends what gathered within 50 ms).",
    buckets: CLICK_BATCH_SIZE_BUCKETS,
  },
  clicksStored: {
    name: "linkscope_clicks_stored_total",
    type: "counter",
    help: "Click rows written to Postgres by the queue consumer (redeliveries add none).",
  },
  uniqueClickChecks: {
    name: "linkscope_unique_click_checks_total",
    type: "counter",
    help: "Human clicks by what the consumer could tell of their visitor (unique, repeat: seen on the link within the hour, unchecked: no hash or no Redis, counted unique).",
  },
  clicksPruned: {
    name: "linkscope_clicks_pruned_total",
    type: "counter",
    help: "Raw click rows deleted one by one by the cron after CLICK_RETENTION_DAYS: those of the default partition (their rollups stay).",
  },
  clickPartitionsCreated: {
    name: "linkscope_click_partitions_created_total",
    type: "counter",
    help: "Daily partitions of the clicks table created ahead by the cron.",
  },
  clickCountsFolded: {
    name: "linkscope_click_counts_folded_total",
    type: "counter",
    help: "Links whose pending human clicks the cron added to clicks_used (uncapped links' counts are folded each minute, ADR 26).",
  },
  clickPartitionsDropped: {
    name: "linkscope_click_partitions_dropped_total",
    type: "counter",
    help: "Daily partitions of the clicks table dropped whole, clicks and all, by the cron after CLICK_RETENTION_DAYS (their rollups stay).",
  },
  exportRows: {
    name: "linkscope_export_rows_total",
    type: "counter",
    help: "Rows streamed by the exports, by export (urls, clicks) and format (csv, ndjson).",
  },
  exports: {
    name: "linkscope_exports_total",
    type: "counter",
    help: "Exports by export (urls, clicks), format and result (complete, broken: a page failed after the response began).",
  },
  importedRows: {
    name: "linkscope_imported_rows_total",
    type: "counter",
    help: "Rows of POST /urls/import (dry runs not counted), by source and result (imported, renamed: imported under another code, skipped, failed).",
  },
  clickBatches: {
    name: "linkscope_click_batches_total",
    type: "counter",
    help: "Click queue batches by result (ok, retry: Postgres failed, the batch comes back later).",
  },
  clickRetries: {
    name: "linkscope_click_retries_total",
    type: "counter",
    help: "Click messages sent back to the queue for another attempt.",
  },
  clicksMalformed: {
    name: "linkscope_clicks_malformed_total",
    type: "counter",
    help: "Clicks the consumer could not read (a message of unknown shape counts as one): acked and logged, never stored.",
  },
  clickDeadLetters: {
    name: "linkscope_click_dead_letters_total",
    type: "counter",
    help: "Clicks that exhausted their retries and reached the dead-letter queue (a message of several counts each).",
  },
  clickLag: {
    name: "linkscope_click_lag_seconds",
    type: "histogram",
    help: "Time from a click's redirect to its delivery to the consumer, per message from the oldest click it carries (queue depth shows here as lag).",
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800],
  },
  redisRequests: {
    name: "linkscope_redis_requests_total",
    type: "counter",
    help: "Redis calls by operation and result (ok, error, timeout, skipped while the circuit is open).",
  },
  redisRequestDuration: {
    name: "linkscope_redis_request_duration_seconds",
    type: "histogram",
    help: "Redis call duration by operation.",
    buckets: DEPENDENCY_DURATION_BUCKETS_SECONDS,
  },
  databaseQueries: {
    name: "linkscope_database_queries_total",
    type: "counter",
    help: "Postgres queries by result (ok, error).",
  },
  databaseQueryDuration: {
    name: "linkscope_database_query_duration_seconds",
    type: "histogram",
    help: "Postgres query duration, from sending the query to its answer.",
    buckets: DEPENDENCY_DURATION_BUCKETS_SECONDS,
  },
  metricsFlushes: {
    name: "linkscope_metrics_flushes_total",
    type: "counter",
    help: "Flushes of isolate metrics to Durable Object shards, by result.",
  },
  alertEvaluations: {
    name: "linkscope_alert_evaluations_total",
    type: "counter",
    help: "Cron evaluations of the alerts, by result (ok, duplicate: that minute was already evaluated, error).",
  },
  destinationChecks: {
    name: "linkscope_destination_checks_total",
    type: "counter",
    help: "Destination checks by result (ok, blocked: refused by the site, or the failure's class: http_status, timeout, dns, tls, connection, too_many_redirects, redirect_loop, refused_destination) and trigger (schedule, request).",
  },
  healthDigestEmails: {
    name: "linkscope_health_digest_emails_total",
    type: "counter",
    help: "Daily link-health digest emails by result (sent, failed, unsent: no relay or no recipient).",
  },
  linkAnomalies: {
    name: "linkscope_link_anomalies_total",
    type: "counter",
    help: "Per-link anomaly alerts that started firing, by kind (spike, drop, bot_share, destination_changed_then_spike); the link is in the log line, never a label.",
  },
  linkAnomalyEmails: {
    name: "linkscope_link_anomaly_emails_total",
    type: "counter",
    help: "Per-link anomaly emails by result (sent, failed: retried next minute, unsent: no relay or no recipient).",
  },
  // The families below come from the AlertState Durable Object's snapshot, not from isolates.
  alertFiring: {
    name: "linkscope_alert_firing",
    type: "gauge",
    help: "1 while the alert fires, else 0.",
  },
  alertEvaluatorLastSuccess: {
    name: "linkscope_alert_evaluator_last_success_timestamp_seconds",
    type: "gauge",
    help: "When the alert evaluator last completed a run (Unix time).",
  },

  alertEmails: {
    name: "linkscope_alert_emails_total",
    type: "counter",
    help: "Alert emails by kind (firing, reminder, resolved) and result (sent, retried, failed, skipped).",
  },
  databaseUp: {
    name: "linkscope_database_up",
    type: "gauge",
    help: "1 when the database answered the evaluator's last health query, else 0.",
  },
  redirectsToUnhealthy: {
    name: "linkscope_redirects_to_unhealthy_total",
    type: "counter",
    help: "Human clicks sent to a link's own destination while its health checks call it broken (the link has no fallback_url): the cost of link rot, in clicks.",
  },
  redirectsToFallback: {
    name: "linkscope_redirects_to_fallback_total",
    type: "counter",
    help: "Human clicks sent to a link's fallback_url because its destination is broken.",
  },
  webhookDeliveries: {
    name: "linkscope_webhook_deliveries_total",
    type: "counter",
    help: "Webhook delivery attempts by outcome: delivered (2xx), retry (failed, tried again later), failed (failed for good: the schedule is spent, a ping, or the endpoint answered 410), dropped (not attempted: the endpoint is disabled).",
  },
  webhookDeliveryDuration: {
    name: "linkscope_webhook_delivery_duration_seconds",
    type: "histogram",
    help: "Time from a webhook delivery attempt's start to the receiver's answer (or the 15 s timeout).",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
  },
  webhookEndpointEmails: {
    name: "linkscope_webhook_endpoint_emails_total",
    type: "counter",
    help: "Emails to webhook owners by kind (failing: sustained failures, disabled) and result (sent, failed, unsent: no relay or no recipient).",
  },
  webhookEndpoints: {
    name: "linkscope_webhook_endpoints",
    type: "gauge",
    help: "Webhook endpoints by state (active, failing: active with its last delivery failed, disabled), counted by the evaluator each minute.",
  },
  webhookBacklogDeliveries: {
    name: "linkscope_webhook_backlog_deliveries",
    type: "gauge",
    help: "Webhook deliveries due and not yet sent (retries not yet due excluded), counted by the evaluator each minute.",
  },
  webhookBacklogOldest: {
    name: "linkscope_webhook_backlog_oldest_seconds",
    type: "gauge",
    help: "How long the oldest due webhook delivery has waited (0: none waits); the webhook_delivery_backlog alert fires at 900.",
  },
  domains: {
    name: "linkscope_domains",
    type: "gauge",
    help: "Custom domains by state (pending, active, unhealthy: it was active and stopped verifying), counted by the evaluator each minute.",
  },
  domainCertificates: {
    name: "linkscope_domain_certificates",
    type: "gauge",
    help: "Certificates of serving custom domains (active, unhealthy; a pending domain's are not counted) by status (pending, active, failed, none: the operator's proxy terminates TLS), counted by the evaluator each minute; the domain_certificate_failed alert fires above 0 failed.",
  },
  domainUnhealthyLongest: {
    name: "linkscope_domain_unhealthy_longest_seconds",
    type: "gauge",
    help: "How long the longest-unhealthy custom domain has been so (0: none is); the domain_unhealthy alert fires at 900.",
  },
  linksByHealth: {
    name: "linkscope_links_by_health",
    type: "gauge",
    help: "Active links by the state their destination's last check left them in (unknown, healthy, suspect, broken, blocked, moved), counted by the evaluator each minute.",
  },
  buildInfo: {
    name: "linkscope_build_info",
    type: "gauge",
    help: "Always 1; labels carry the running version and commit.",
  },
} as const satisfies Record<string, MetricDefinition>;
