// Every alert Linkscope raises: its name, severity and the runbook section that explains it.
// The in-worker evaluator (rules.ts) and the Prometheus rules (dashboards/prometheus/, generated
// from alert-rules.ts there) implement the same conditions under the same names.

export type Severity = "page" | "ticket";

export const ALERT_NAMES = [
  "service_down",
  "high_error_rate",
  "redirect_availability_fast_burn",
  "redirect_availability_slow_burn",
  "redirect_latency_fast_burn",
  "redirect_latency_slow_burn",
  "link_password_guessing",
  "webhook_delivery_backlog",
  "domain_unhealthy",
  "domain_certificate_failed",
] as const;

export type AlertName = (typeof ALERT_NAMES)[number];

export interface AlertDefinition {
  name: AlertName;
  severity: Severity;
  summary: string;
}

export const ALERTS: Record<AlertName, AlertDefinition> = {
  service_down: { name: "service_down", severity: "page", summary: "the database does not answer" },
  high_error_rate: { name: "high_error_rate", severity: "page", summary: "too many requests fail with 5xx" },
  redirect_availability_fast_burn: {
    name: "redirect_availability_fast_burn",
    severity: "page",
    summary: "redirects fail fast enough to spend the month's error budget in days",
  },
  redirect_availability_slow_burn: {
    name: "redirect_availability_slow_burn",
    severity: "ticket",
    summary: "redirects fail faster than the error budget allows",
  },
  redirect_latency_fast_burn: {
    name: "redirect_latency_fast_burn",
    severity: "page",
    summary: "redirects are slow often enough to spend the month's latency budget in days",
  },
  redirect_latency_slow_burn: {
    name: "redirect_latency_slow_burn",
    severity: "ticket",
    summary: "redirects are slow more often than the latency objective allows",
  },
  link_password_guessing: {
    name: "link_password_guessing",
    severity: "ticket",
    summary: "someone is guessing a protected link's password (20 wrong within 10 minutes on one link)",
  },
  webhook_delivery_backlog: {
    name: "webhook_delivery_backlog",
    severity: "ticket",
    summary: "webhook deliveries are due but not sent: the oldest has waited 15 minutes or more",
  },
  domain_unhealthy: {
    name: "domain_unhealthy",
    severity: "ticket",
    summary: "a custom domain that was serving has failed its checks for 15 minutes or more",
  },
  domain_certificate_failed: {
    name: "domain_certificate_failed",
    severity: "ticket",
    summary: "a serving custom domain's certificate failed (not issued, not renewed, expired or deleted)",
  },
};

/** The webhook backlog alert fires once the oldest due delivery has waited this long (seconds). */
export const WEBHOOK_BACKLOG_ALERT_SECONDS = 900;

/** The domain_unhealthy alert fires once a domain has been unhealthy this long (seconds). */
export const DOMAIN_UNHEALTHY_ALERT_SECONDS = 900;

/** A password burst keeps its alert firing this long (minutes), then it resolves. */
export const PASSWORD_BURST_ALERT_MINUTES = 15;

/** A burn-rate condition: both windows (minutes) burn faster than `factor` times the budget. */
export interface BurnWindowPair {
  longMinutes: number;
  shortMinutes: number;
  factor: number;
}

// Google SRE workbook, "Alerting on SLOs", multiwindow multi-burn-rate alerts.
export const FAST_BURN: readonly BurnWindowPair[] = [
  { longMinutes: 60, shortMinutes: 5, factor: 14.4 },
  { longMinutes: 360, shortMinutes: 30, factor: 6 },
];
export const SLOW_BURN: readonly BurnWindowPair[] = [{ longMinutes: 4320, shortMinutes: 360, factor: 1 }];

export const runbookAnchor = (name: AlertName) => `docs/RUNBOOK.md#${name.replaceAll("_", "-")}`;
