// The Prometheus alert rules, as data: the same conditions as the in-worker evaluator
// (worker/services/alerts/rules.ts) at the default thresholds, written to rules/linkscope-alerts.yml by
// `npm run generate:dashboards`. Plus alerts only Prometheus raises: the worker not answering scrapes
// and the in-worker evaluator having stopped (only an outside observer can see those), and the click
// queue's dead letters and consumer lag.

import type { AlertConfig } from "../../worker/config/alert-config.ts";
import {
  ALERTS,
  type AlertName,
  type BurnWindowPair,
  DOMAIN_UNHEALTHY_ALERT_SECONDS,
  FAST_BURN,
  PASSWORD_BURST_ALERT_MINUTES,
  runbookAnchor,
  SLOW_BURN,
  WEBHOOK_BACKLOG_ALERT_SECONDS,
} from "../../worker/services/alerts/catalogue.ts";

export interface PrometheusAlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary: string; runbook: string };
}

const REDIRECTS = 'linkscope_http_requests_total{route="/:code"}';
const REDIRECT_ERRORS = 'linkscope_http_requests_total{route="/:code",status_class="5xx"}';
// Refused (429) requests are not part of the latency SLI: a flood past its limit must not page.
const REDIRECT_COUNT = 'linkscope_http_request_duration_seconds_count{route_group="redirect",result!="refused"}';
const redirectFast = (le: number) =>
  `linkscope_http_request_duration_seconds_bucket{route_group="redirect",result!="refused",le="${le}"}`;

/**
 * The click consumer's p95 lag that raises click_consumer_lag_high (a bound of linkscope_click_lag_seconds):
 * a failed batch is retried after at most 5 minutes, so beyond that for 10 minutes the queue is backing up.
 */
export const CLICK_LAG_ALERT_SECONDS = 300;

const number = (value: number) => String(Number(value.toPrecision(12)));
const increase = (selector: string, minutes: number) => `sum(increase(${selector}[${minutes}m]))`;

interface BadAndTotal {
  /** PromQL for the bad events over a window. */
  bad: (minutes: number) => string;
  total: (minutes: number) => string;
}

function burnCondition(pairs: readonly BurnWindowPair[], objective: number, events: BadAndTotal, minBad: number) {
  const budget = 1 - objective;
  const ratioAbove = (minutes: number, factor: number) =>
    `(${events.bad(minutes)} / ${events.total(minutes)} > ${number(factor * budget)})`;
  return pairs
    .map(
      (pair) =>
        `(${ratioAbove(pair.longMinutes, pair.factor)} and ${ratioAbove(pair.shortMinutes, pair.factor)} ` +
        `and (${events.bad(pair.longMinutes)} >= ${minBad}))`,
    )
    .join(" or ");
}

function rule(name: AlertName, expr: string, forDuration?: string): PrometheusAlertRule {
  return {
    alert: name,
    expr,
    ...(forDuration ? { for: forDuration } : {}),
    labels: { severity: ALERTS[name].severity },
    annotations: { summary: ALERTS[name].summary, runbook: runbookAnchor(name) },
  };
}

export function alertRules(config: AlertConfig): PrometheusAlertRule[] {
  const availability: BadAndTotal = {
    bad: (minutes) => increase(REDIRECT_ERRORS, minutes),
    total: (minutes) => increase(REDIRECTS, minutes),
  };
  const latency: BadAndTotal = {
    bad: (minutes) =>
      `(${increase(REDIRECT_COUNT, minutes)} - ${increase(redirectFast(config.SLO_LATENCY_THRESHOLD_SECONDS), minutes)})`,
    total: (minutes) => increase(REDIRECT_COUNT, minutes),
  };
  const window = config.ALERT_ERROR_RATE_WINDOW_MINUTES;
  const all = increase("linkscope_http_requests_total", window);
  const failed = increase('linkscope_http_requests_total{status_class="5xx"}', window);
  const confirmations = config.ALERT_DOWN_CONFIRMATIONS;
  return [
    // The evaluator's probe result; the evaluator confirms on consecutive runs one minute apart.
    rule("service_down", "linkscope_database_up == 0", confirmations > 1 ? `${confirmations - 1}m` : undefined),
    rule(
      "high_error_rate",
      `(${failed} / ${all} > ${number(config.ALERT_ERROR_RATE_THRESHOLD)}) and (${all} >= ${config.ALERT_ERROR_RATE_MIN_REQUESTS})`,
    ),
    rule(
      "redirect_availability_fast_burn",
      burnCondition(FAST_BURN, config.SLO_AVAILABILITY_OBJECTIVE, availability, config.SLO_MIN_BAD_EVENTS),
    ),
    rule(
      "redirect_availability_slow_burn",
      burnCondition(SLOW_BURN, config.SLO_AVAILABILITY_OBJECTIVE, availability, config.SLO_MIN_BAD_EVENTS),
    ),
    rule(
      "redirect_latency_fast_burn",
      burnCondition(FAST_BURN, config.SLO_LATENCY_OBJECTIVE, latency, config.SLO_MIN_BAD_EVENTS),
    ),
    rule(
      "redirect_latency_slow_burn",
      burnCondition(SLOW_BURN, config.SLO_LATENCY_OBJECTIVE, latency, config.SLO_MIN_BAD_EVENTS),
    ),
    rule(
      "link_password_guessing",
      `${increase("linkscope_link_password_bursts_total", PASSWORD_BURST_ALERT_MINUTES)} > 0`,
    ),
    rule(
      "webhook_delivery_backlog",
      `max(linkscope_webhook_backlog_oldest_seconds) >= ${WEBHOOK_BACKLOG_ALERT_SECONDS}`,
    ),
    // Measured from each domain's failing_since by the evaluator, so no `for:` (a restarted Prometheus
    // or a domain unhealthy before the scrape began still fires on time).
    rule("domain_unhealthy", `max(linkscope_domain_unhealthy_longest_seconds) >= ${DOMAIN_UNHEALTHY_ALERT_SECONDS}`),
    rule("domain_certificate_failed", 'max(linkscope_domain_certificates{status="failed"}) > 0'),
  ];
}

/** Alerts that need an outside observer: Prometheus only. */
export const OBSERVER_RULES: PrometheusAlertRule[] = [
  {
    alert: "linkscope_scrape_failing",
    expr: 'up{job="linkscope"} == 0',
    for: "2m",
    labels: { severity: "page" },
    annotations: {
      summary: "Prometheus cannot scrape the worker's /prometheus",
      runbook: "docs/RUNBOOK.md#scrape-failing",
    },
  },
  {
    alert: "clicks_dead_lettered",
    expr: "increase(linkscope_click_dead_letters_total[15m]) > 0",
    labels: { severity: "ticket" },
    annotations: {
      summary: "click messages exhausted their retries and reached the dead-letter queue",
      runbook: "docs/RUNBOOK.md#clicks-dead-lettered",
    },
  },
  {
    alert: "click_consumer_lag_high",
    expr: `histogram_quantile(0.95, sum by (le) (rate(linkscope_click_lag_seconds_bucket[5m]))) > ${CLICK_LAG_ALERT_SECONDS}`,
    for: "10m",
    labels: { severity: "ticket" },
    annotations: {
      summary: "clicks wait more than 5 minutes for the queue consumer (p95)",
      runbook: "docs/RUNBOOK.md#click-consumer-lag-high",
    },
  },
  {
    alert: "alert_evaluator_stopped",
    expr: "time() - linkscope_alert_evaluator_last_success_timestamp_seconds > 300",
    labels: { severity: "page" },
    annotations: {
      summary: "the in-worker alert evaluator has not completed a run for 5 minutes",
      runbook: "docs/RUNBOOK.md#alert-evaluator-stopped",
    },
  },
];
