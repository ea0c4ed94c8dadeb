// Every panel of the Grafana dashboard, as data: the dashboard generator (linkscope-dashboard.ts)
// builds the JSON from it, and the stack test runs each query against a real Prometheus.
import { DEFAULT_ALERT_CONFIG } from "../../worker/config/alert-config.ts";

export interface PanelQuery {
  expr: string;
  legend?: string;
}

export interface PanelSpec {
  row: string;
  title: string;
  kind: "timeseries" | "stat";
  unit: string;
  description: string;
  queries: PanelQuery[];
}

const GROUPS = ["redirect", "api", "import", "system"] as const;
const RATE = "$__rate_interval";
const SLO_WINDOW = "30d";
const availabilityBudget = Number((1 - DEFAULT_ALERT_CONFIG.SLO_AVAILABILITY_OBJECTIVE).toPrecision(12));
const latencyBudget = Number((1 - DEFAULT_ALERT_CONFIG.SLO_LATENCY_OBJECTIVE).toPrecision(12));
const latencyLe = DEFAULT_ALERT_CONFIG.SLO_LATENCY_THRESHOLD_SECONDS;

// "or vector(0)": with no failure yet the 5xx series does not exist, and the SLO must read 100 %.
const redirectBad = (window: string) =>
  `(sum(increase(linkscope_http_requests_total{route="/:code",status_class="5xx"}[${window}])) or vector(0))`;
const redirectAll = (window: string) => `sum(increase(linkscope_http_requests_total{route="/:code"}[${window}]))`;
const redirectSlow = (window: string) =>
  `(sum(increase(linkscope_http_request_duration_seconds_count{route_group="redirect",result!="refused"}[${window}])) - ` +
  `sum(increase(linkscope_http_request_duration_seconds_bucket{route_group="redirect",result!="refused",le="${latencyLe}"}[${window}])))`;
const redirectTimed = (window: string) =>
  `sum(increase(linkscope_http_request_duration_seconds_count{route_group="redirect",result!="refused"}[${window}]))`;

/** One query per quantile of a label-less histogram, legends p50, p95, ... */
const histogramQuantiles = (histogram: string, quantiles: number[]) =>
  quantiles.map((q) => ({
    expr: `histogram_quantile(${q}, sum by (le) (rate(${histogram}_bucket[${RATE}])))`,
    legend: `p${Math.round(q * 100)}`,
  }));
const quantile = (q: number, result: "success" | "error") =>
  `histogram_quantile(${q}, sum by (le, route_group) (rate(linkscope_http_request_duration_seconds_bucket{result="${result}",route_group=~"${GROUPS.join("|")}"}[${RATE}])))`;

export const PANELS: PanelSpec[] = [
  {
    row: "Requests, errors, duration by route group",
    title: "Request rate",
    kind: "timeseries",
    unit: "reqps",
    description: "Requests per second by route group (redirect, api, import, system).",
    queries: [
      {
        expr: `sum by (route_group) (rate(linkscope_http_request_duration_seconds_count{route_group=~"${GROUPS.join("|")}"}[${RATE}]))`,
        legend: "{{route_group}}",
      },
    ],
  },
  {
    row: "Requests, errors, duration by route group",
    title: "Error ratio (5xx)",
    kind: "timeseries",
    unit: "percentunit",
    description: "Share of requests answered 5xx, by route group.",
    queries: [
      {
        expr:
          `sum by (route_group) (rate(linkscope_http_request_duration_seconds_count{result="error"}[${RATE}])) / ` +
          `sum by (route_group) (rate(linkscope_http_request_duration_seconds_count[${RATE}]))`,
        legend: "{{route_group}}",
      },
    ],
  },
  {
    row: "Requests, errors, duration by route group",
    title: "Latency of successful requests (p50, p95, p99)",
    kind: "timeseries",
    unit: "s",
    description: "Answers below 500, by route group.",
    queries: [
      { expr: quantile(0.5, "success"), legend: "p50 {{route_group}}" },
      { expr: quantile(0.95, "success"), legend: "p95 {{route_group}}" },
      { expr: quantile(0.99, "success"), legend: "p99 {{route_group}}" },
    ],
  },
  {
    row: "Requests, errors, duration by route group",
    title: "Latency of failed requests (p50, p95)",
    kind: "timeseries",
    unit: "s",
    description: "5xx answers, by route group: a slow failure is usually a dependency timing out.",
    queries: [
      { expr: quantile(0.5, "error"), legend: "p50 {{route_group}}" },
      { expr: quantile(0.95, "error"), legend: "p95 {{route_group}}" },
    ],
  },
  {
    row: "Redirects and caches",
    title: "Redirects by cache tier",
    kind: "timeseries",
    unit: "reqps",
    description: "Which tier answered each redirect lookup: isolate memory, Redis or Postgres.",
    queries: [{ expr: `sum by (tier) (rate(linkscope_redirects_total[${RATE}]))`, legend: "{{tier}}" }],
  },
  {
    row: "Redirects and caches",
    title: "Redirect outcomes",
    kind: "timeseries",
    unit: "reqps",
    description:
      "found (302), unknown (404), scheduled (404, not active yet), expired and exhausted (410 or 302 to expired_url), withheld (a capped link's page for bots and previews), locked (a password-protected link not unlocked: its form, 401, 403 or 429), blocked (403), limited (429), unavailable (503: a capped link's counter unreachable), error (500).",
    queries: [{ expr: `sum by (outcome) (rate(linkscope_redirects_total[${RATE}]))`, legend: "{{outcome}}" }],
  },
  {
    row: "Redirects and caches",
    title: "Capped links: click reservations",
    kind: "timeseries",
    unit: "reqps",
    description:
      "Human clicks on capped links, reserved with the link's Durable Object: granted, exhausted (the cap is reached), unavailable (the object did not answer; the link said 503). Also incoming queries not forwarded because the Location would pass 8 KiB.",
    queries: [
      { expr: `sum by (result) (rate(linkscope_click_reservations_total[${RATE}]))`, legend: "{{result}}" },
      { expr: `sum(rate(linkscope_forwarded_queries_dropped_total[${RATE}]))`, legend: "query not forwarded" },
    ],
  },
  {
    row: "Redirects and caches",
    title: "Protected links: passwords given",
    kind: "timeseries",
    unit: "reqps",
    description:
      "Passwords given for protected links (the form, X-Link-Password or Basic): right, wrong, limited (refused before hashing: 5 per 10 min per client, 100 per hour per link), unavailable (the limiter did not answer: 503). Bursts: 20 wrong within 10 minutes on one link, the link_password_guessing alert.",
    queries: [
      { expr: `sum by (result) (rate(linkscope_link_password_attempts_total[${RATE}]))`, legend: "{{result}}" },
      { expr: `sum(increase(linkscope_link_password_bursts_total[${RATE}]))`, legend: "bursts" },
    ],
  },
  {
    row: "Redirects and caches",
    title: "Entity cache hit ratio",
    kind: "timeseries",
    unit: "percentunit",
    description: "Users, urls and list pages served from Redis.",
    queries: [
      {
        expr:
          `sum by (cache) (rate(linkscope_cache_lookups_total{result="hit"}[${RATE}])) / ` +
          `sum by (cache) (rate(linkscope_cache_lookups_total[${RATE}]))`,
        legend: "{{cache}}",
      },
    ],
  },
  {
    row: "Dependencies",
    title: "Redis call latency (p95)",
    kind: "timeseries",
    unit: "s",
    description: "By operation.",
    queries: [
      {
        expr: `histogram_quantile(0.95, sum by (le, operation) (rate(linkscope_redis_request_duration_seconds_bucket[${RATE}])))`,
        legend: "{{operation}}",
      },
    ],
  },
  {
    row: "Dependencies",
    title: "Redis calls by result",
    kind: "timeseries",
    unit: "ops",
    description: "ok, error, timeout, and skipped while the circuit breaker is open.",
    queries: [{ expr: `sum by (result) (rate(linkscope_redis_requests_total[${RATE}]))`, legend: "{{result}}" }],
  },
  {
    row: "Dependencies",
    title: "Postgres query latency (p50, p95)",
    kind: "timeseries",
    unit: "s",
    description: "From sending a query to its answer.",
    queries: [
      {
        expr: `histogram_quantile(0.5, sum by (le) (rate(linkscope_database_query_duration_seconds_bucket[${RATE}])))`,
        legend: "p50",
      },
      {
        expr: `histogram_quantile(0.95, sum by (le) (rate(linkscope_database_query_duration_seconds_bucket[${RATE}])))`,
        legend: "p95",
      },
    ],
  },
  {
    row: "Dependencies",
    title: "Postgres queries by result",
    kind: "timeseries",
    unit: "ops",
    description: "Errors include constraint violations (answered 409) as well as failures.",
    queries: [{ expr: `sum by (result) (rate(linkscope_database_queries_total[${RATE}]))`, legend: "{{result}}" }],
  },
  {
    row: "Dependencies",
    title: "Database reachable",
    kind: "stat",
    unit: "bool_yes_no",
    description: "The alert evaluator's last probe (select 1).",
    queries: [{ expr: "linkscope_database_up" }],
  },
  {
    row: "Service level objectives",
    title: `Redirect availability (${SLO_WINDOW})`,
    kind: "stat",
    unit: "percentunit",
    description: `Share of redirects not answered 5xx; objective ${DEFAULT_ALERT_CONFIG.SLO_AVAILABILITY_OBJECTIVE}.`,
    queries: [{ expr: `1 - (${redirectBad(SLO_WINDOW)} / ${redirectAll(SLO_WINDOW)})` }],
  },
  {
    row: "Service level objectives",
    title: `Availability error budget remaining (${SLO_WINDOW})`,
    kind: "stat",
    unit: "percentunit",
    description: "1 = untouched, 0 = spent, below 0 = objective missed.",
    queries: [{ expr: `1 - ((${redirectBad(SLO_WINDOW)} / ${redirectAll(SLO_WINDOW)}) / ${availabilityBudget})` }],
  },
  {
    row: "Service level objectives",
    title: "Availability burn rate",
    kind: "timeseries",
    unit: "none",
    description:
      "Budget burn over 5 min, 1 h and 6 h; the fast-burn page needs 14.4 (1 h and 5 min) or 6 (6 h and 30 min).",
    queries: ["5m", "1h", "6h"].map((window) => ({
      expr: `(${redirectBad(window)} / ${redirectAll(window)}) / ${availabilityBudget}`,
      legend: window,
    })),
  },
  {
    row: "Service level objectives",
    title: `Redirects within ${latencyLe * 1000} ms (${SLO_WINDOW})`,
    kind: "stat",
    unit: "percentunit",
    description: `Latency objective ${DEFAULT_ALERT_CONFIG.SLO_LATENCY_OBJECTIVE}.`,
    queries: [{ expr: `1 - (${redirectSlow(SLO_WINDOW)} / ${redirectTimed(SLO_WINDOW)})` }],
  },
  {
    row: "Service level objectives",
    title: "Latency burn rate",
    kind: "timeseries",
    unit: "none",
    description: "Latency budget burn over 5 min, 1 h and 6 h.",
    queries: ["5m", "1h", "6h"].map((window) => ({
      expr: `(${redirectSlow(window)} / ${redirectTimed(window)}) / ${latencyBudget}`,
      legend: window,
    })),
  },
  {
    row: "Clicks",
    title: "Click pipeline",
    kind: "timeseries",
    unit: "ops",
    description:
      "Clicks sent to the queue (by result), stored by the consumer, sent back for retry; dead letters per hour.",
    queries: [
      { expr: `sum by (result) (rate(linkscope_click_sends_total[${RATE}]))`, legend: "sent {{result}}" },
      { expr: `sum(rate(linkscope_clicks_stored_total[${RATE}]))`, legend: "stored" },
      { expr: `sum(rate(linkscope_click_retries_total[${RATE}])) or vector(0)`, legend: "retried" },
      { expr: "sum(increase(linkscope_click_dead_letters_total[1h])) or vector(0)", legend: "dead letters (1 h)" },
    ],
  },
  {
    row: "Clicks",
    title: "Click consumer lag (p50, p95, p99)",
    kind: "timeseries",
    unit: "s",
    description:
      "linkscope_click_lag_seconds: from a click's redirect to the consumer reading its message, per message from its oldest click (the 50 ms it waits in its isolate included). Grows when the queue backs up or Postgres is down; the click_consumer_lag_high alert fires when p95 stays above 5 minutes.",
    queries: histogramQuantiles("linkscope_click_lag_seconds", [0.5, 0.95, 0.99]),
  },
  {
    row: "Clicks",
    title: "Clicks per queue message (p50, p95)",
    kind: "timeseries",
    unit: "none",
    description:
      "linkscope_click_batch_size: clicks each message carried (1: a quiet isolate, a message per click; 100: full). Under load the median should climb towards 100.",
    queries: histogramQuantiles("linkscope_click_batch_size", [0.5, 0.95]),
  },
  {
    row: "Clicks",
    title: "Queue messages per click",
    kind: "timeseries",
    unit: "none",
    description:
      "Messages the click queue accepted per click they carried (linkscope_click_messages_sent_total over linkscope_click_sends_total ok and retried): 1 is a message per click, 0.01 full messages of 100. Each message is billed as queue operations, so this is the queue's cost per click.",
    queries: [
      {
        expr:
          `sum(rate(linkscope_click_messages_sent_total[${RATE}])) / ` +
          `sum(rate(linkscope_click_sends_total{result=~"ok|retried"}[${RATE}]))`,
        legend: "messages per click",
      },
    ],
  },
  {
    row: "Clicks",
    title: "Clicks stored per second",
    kind: "timeseries",
    unit: "ops",
    description:
      "Click rows the consumer wrote to Postgres (a redelivered batch adds none), and clicks it could not read (acked and logged as clicks_malformed, never stored: above 0 a producer sends what the consumer does not know).",
    queries: [
      { expr: `sum(rate(linkscope_clicks_stored_total[${RATE}]))`, legend: "stored" },
      { expr: `sum(rate(linkscope_clicks_malformed_total[${RATE}]))`, legend: "malformed" },
    ],
  },
  {
    row: "Clicks",
    title: "Click partitions created and dropped (24 h)",
    kind: "timeseries",
    unit: "none",
    description:
      "Daily partitions of clicks made ahead by the cron and dropped whole after CLICK_RETENTION_DAYS, over the last day: one of each in the steady state. None created for a day means the cron's housekeeping fails (log line click_pruning_failed); clicks then land in the default partition.",
    queries: [
      { expr: "sum(increase(linkscope_click_partitions_created_total[1d]))", legend: "created" },
      { expr: "sum(increase(linkscope_click_partitions_dropped_total[1d]))", legend: "dropped" },
    ],
  },
  {
    row: "Clicks",
    title: "Links by destination health",
    kind: "timeseries",
    unit: "none",
    description:
      "Active links by the state their destination's last check left them in: unknown (not checked yet), healthy, suspect (a failed check), broken (repeated failures over two hours), blocked (the site refused the checker), moved (it answers from another domain). Counted by the alert evaluator each minute.",
    queries: [{ expr: "sum by (state) (linkscope_links_by_health)", legend: "{{state}}" }],
  },
  {
    row: "Clicks",
    title: "Human clicks on broken destinations",
    kind: "timeseries",
    unit: "reqps",
    description:
      "Link rot in clicks: people sent to a destination whose checks call it broken (the link has no fallback_url), and people its fallback_url caught instead.",
    queries: [
      { expr: "sum(rate(linkscope_redirects_to_unhealthy_total[5m]))", legend: "sent to a broken destination" },
      { expr: "sum(rate(linkscope_redirects_to_fallback_total[5m]))", legend: "sent to the fallback_url" },
    ],
  },

  {
    row: "Sign-in",
    title: "Sign-in and session events",
    kind: "timeseries",
    unit: "reqps",
    description:
      "linkscope_auth_events_total per second by kind and result: sign-in links asked for (unknown: no such account), sign-ins, refused or expired sessions, cross-site writes refused (csrf), invitations sent and accepted. A climb of refused is someone trying links or sessions that are not theirs.",
    queries: [
      { expr: `sum by (kind, result) (rate(linkscope_auth_events_total[${RATE}]))`, legend: "{{kind}} {{result}}" },
    ],
  },
  {
    row: "Webhooks",
    title: "Webhook deliveries by outcome",
    kind: "timeseries",
    unit: "reqps",
    description:
      "Attempts per second: delivered (2xx), retry (failed, tried again on the schedule), failed (for good: the schedule spent, a ping, or a 410), dropped (the endpoint was disabled).",
    queries: [{ expr: `sum by (outcome) (rate(linkscope_webhook_deliveries_total[${RATE}]))`, legend: "{{outcome}}" }],
  },
  {
    row: "Webhooks",
    title: "Webhook delivery duration p95",
    kind: "timeseries",
    unit: "s",
    description: "How long receivers take to answer (an attempt gives up at 15 s).",
    queries: [
      {
        expr: `histogram_quantile(0.95, sum by (le) (rate(linkscope_webhook_delivery_duration_seconds_bucket[${RATE}])))`,
        legend: "p95",
      },
    ],
  },
  {
    row: "Webhooks",
    title: "Webhook endpoints by state",
    kind: "timeseries",
    unit: "none",
    description:
      "active, failing (its last delivery failed), disabled (410, or 20 failures and a day without a success, or by its owner).",
    queries: [{ expr: "sum by (state) (linkscope_webhook_endpoints)", legend: "{{state}}" }],
  },
  {
    row: "Webhooks",
    title: "Webhook delivery backlog",
    kind: "timeseries",
    unit: "none",
    description:
      "Deliveries due and not yet sent, and how long the oldest has waited (seconds): the webhook_delivery_backlog alert fires at 900.",
    queries: [
      { expr: "max(linkscope_webhook_backlog_deliveries)", legend: "due deliveries" },
      { expr: "max(linkscope_webhook_backlog_oldest_seconds)", legend: "oldest wait (s)" },
    ],
  },
  {
    row: "Custom domains",
    title: "Custom domains by state",
    kind: "timeseries",
    unit: "none",
    description:
      "pending (its owner's DNS records not proven yet), active (links served), unhealthy (it was active and stopped verifying: its owners were mailed). Counted by the alert evaluator each minute.",
    queries: [{ expr: "sum by (state) (linkscope_domains)", legend: "{{state}}" }],
  },
  {
    row: "Custom domains",
    title: "Certificates of serving custom domains",
    kind: "timeseries",
    unit: "none",
    description:
      "Active and unhealthy domains by certificate status: active, pending (being issued), failed (not issued, not renewed, expired or deleted: the domain_certificate_failed alert), none (the operator's proxy terminates TLS).",
    queries: [{ expr: "sum by (status) (linkscope_domain_certificates)", legend: "{{status}}" }],
  },
  {
    row: "Custom domains",
    title: "Longest-unhealthy custom domain",
    kind: "stat",
    unit: "s",
    description:
      "How long the longest-unhealthy domain has failed its checks; the domain_unhealthy alert fires at 900.",
    queries: [{ expr: "max(linkscope_domain_unhealthy_longest_seconds)" }],
  },
  {
    row: "Custom domains",
    title: "Redirects on custom domains by outcome",
    kind: "timeseries",
    unit: "reqps",
    description:
      'Every custom domain together (a hostname is never a label): found, unknown codes (per domain: GET /domains/{id}/stats), expired and the rest. Requests for hosts no domain serves are linkscope_redirects_total{outcome="unserved_host"}.',
    queries: [
      {
        expr: `sum by (outcome) (rate(linkscope_custom_domain_redirects_total[${RATE}])) or vector(0)`,
        legend: "{{outcome}}",
      },
      {
        expr: `sum(rate(linkscope_redirects_total{outcome="unserved_host"}[${RATE}])) or vector(0)`,
        legend: "unserved host",
      },
    ],
  },

  {
    row: "Alerts and the metrics pipeline",
    title: "Alerts firing",
    kind: "timeseries",
    unit: "none",
    description: "1 while an alert fires (in-worker evaluator).",
    queries: [{ expr: "linkscope_alert_firing", legend: "{{alert}} ({{severity}})" }],
  },
  {
    row: "Alerts and the metrics pipeline",
    title: "Alert evaluator: seconds since the last run",
    kind: "stat",
    unit: "s",
    description: "Above 300 the alert_evaluator_stopped alert fires.",
    queries: [{ expr: "time() - linkscope_alert_evaluator_last_success_timestamp_seconds" }],
  },
  {
    row: "Alerts and the metrics pipeline",
    title: "Alert emails",
    kind: "timeseries",
    unit: "none",
    description: "By kind and result over the last hour.",
    queries: [
      { expr: "sum by (kind, result) (increase(linkscope_alert_emails_total[1h]))", legend: "{{kind}} {{result}}" },
    ],
  },
  {
    row: "Alerts and the metrics pipeline",
    title: "Durable Object metric flushes",
    kind: "timeseries",
    unit: "ops",
    description: "Flushes from isolates to the metric shards, by result; errors mean counts waited for a retry.",
    queries: [{ expr: `sum by (result) (rate(linkscope_metrics_flushes_total[${RATE}]))`, legend: "{{result}}" }],
  },
];

/** A panel query as Prometheus itself can run it (Grafana's $__rate_interval replaced). */
export const runnableExpr = (expr: string, rateInterval = "1m") => expr.replaceAll("$__rate_interval", rateInterval);
