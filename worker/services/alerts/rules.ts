// The alert conditions, as pure functions of per-minute sums and the database probe, so the
// same code runs in the cron evaluator and in the scenario tests shared with the Prometheus rules.

import type { AlertConfig } from "../../config/alert-config";
import { latencyCountName } from "../../observability/metrics/minute-window";
import {
  type AlertName,
  type BurnWindowPair,
  DOMAIN_UNHEALTHY_ALERT_SECONDS,
  FAST_BURN,
  PASSWORD_BURST_ALERT_MINUTES,
  SLOW_BURN,
  WEBHOOK_BACKLOG_ALERT_SECONDS,
} from "./catalogue";

/** The sum of a per-minute count over the last `minutes` complete minutes. */
export type WindowSum = (name: string, minutes: number) => number;

export interface Verdict {
  name: AlertName;
  /** The condition holds at this evaluation (before any confirmation count). */
  condition: boolean;
  /** The number compared with the threshold (an error ratio, a burn rate, 0/1 for down). */
  value: number | null;
  threshold: number;
  /** One line with the numbers, for the email and /alert-status. */
  detail: string;
}

export type AlertRuleSettings = Pick<
  AlertConfig,
  | "ALERT_ERROR_RATE_THRESHOLD"
  | "ALERT_ERROR_RATE_MIN_REQUESTS"
  | "ALERT_ERROR_RATE_WINDOW_MINUTES"
  | "SLO_AVAILABILITY_OBJECTIVE"
  | "SLO_LATENCY_OBJECTIVE"
  | "SLO_LATENCY_THRESHOLD_SECONDS"
  | "SLO_MIN_BAD_EVENTS"
>;

/** Every window (minutes) the rules read. */
export function windowsNeeded(settings: AlertRuleSettings): number[] {
  const burn = [...FAST_BURN, ...SLOW_BURN].flatMap((pair) => [pair.longMinutes, pair.shortMinutes]);
  return [...new Set([settings.ALERT_ERROR_RATE_WINDOW_MINUTES, PASSWORD_BURST_ALERT_MINUTES, ...burn])].sort(
    (a, b) => a - b,
  );
}

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;

interface BadAndTotal {
  bad: (minutes: number) => number;
  total: (minutes: number) => number;
}

function burnVerdict(
  name: AlertName,
  pairs: readonly BurnWindowPair[],
  objective: number,
  events: BadAndTotal,
  minBad: number,
  what: string,
): Verdict {
  const budget = 1 - objective;
  const burn = (minutes: number) => {
    const total = events.total(minutes);
    return total > 0 ? events.bad(minutes) / total / budget : 0;
  };
  let worst: { pair: BurnWindowPair; long: number; short: number } | undefined;
  let firing: { pair: BurnWindowPair; long: number; short: number } | undefined;
  for (const pair of pairs) {
    const long = burn(pair.longMinutes);
    const short = burn(pair.shortMinutes);
    const entry = { pair, long, short };
    if (!worst || long / pair.factor > worst.long / worst.pair.factor) worst = entry;
    const enoughBad = events.bad(pair.longMinutes) >= minBad;
    if (!firing && long > pair.factor && short > pair.factor && enoughBad) firing = entry;
  }
  const shown = firing ?? worst;
  if (!shown) return { name, condition: false, value: null, threshold: 0, detail: "no data" };
  const { pair, long, short } = shown;
  return {
    name,
    condition: firing !== undefined,
    value: round(long, 2),
    threshold: pair.factor,
    detail:
      `${what} budget burn ${round(long, 2)}x over ${pair.longMinutes} min and ${round(short, 2)}x over ` +
      `${pair.shortMinutes} min (alert above ${pair.factor}x in both, with at least ${minBad} bad events; ` +
      `${events.bad(pair.longMinutes)} bad of ${events.total(pair.longMinutes)} in the long window)`,
  };
}

/** What the evaluator counted in Postgres this run; each null when not known (the database being down). */
export interface DatabaseReadings {
  /** How long the oldest due webhook delivery has waited (0: none waits). */
  webhookBacklogSeconds: number | null;
  /** How long the longest-unhealthy custom domain has been so (0: none is). */
  unhealthyDomainSeconds: number | null;
  /** Serving custom domains whose certificate failed. */
  failedCertificates: number | null;
}

/** Readings of a run with nothing waiting and nothing failing. */
export const QUIET_READINGS: DatabaseReadings = {
  webhookBacklogSeconds: 0,
  unhealthyDomainSeconds: 0,
  failedCertificates: 0,
};

const NOT_MEASURED = "not measured (the database did not answer)";

function unhealthyDomainDetail(seconds: number | null): string {
  if (seconds === null) return NOT_MEASURED;
  if (seconds === 0) return "no custom domain is unhealthy";
  return (
    `the longest-unhealthy custom domain has failed its checks for ${Math.round(seconds / 60)} min ` +
    `(alert at ${DOMAIN_UNHEALTHY_ALERT_SECONDS / 60} min; its owners were mailed when it turned unhealthy; ` +
    "GET /domains/{id} shows the provider's words in problem)"
  );
}

export function evaluateRules(
  sum: WindowSum,
  databaseUp: boolean,
  settings: AlertRuleSettings,
  readings: DatabaseReadings = QUIET_READINGS,
): Verdict[] {
  const { webhookBacklogSeconds, unhealthyDomainSeconds, failedCertificates } = readings;
  const window = settings.ALERT_ERROR_RATE_WINDOW_MINUTES;
  const requests = sum("requests", window);
  const errors = sum("errors", window);
  const errorRate = requests > 0 ? errors / requests : 0;
  const latencyName = latencyCountName(settings.SLO_LATENCY_THRESHOLD_SECONDS);
  const passwordBursts = sum("password_bursts", PASSWORD_BURST_ALERT_MINUTES);
  const thresholdMs = Math.round(settings.SLO_LATENCY_THRESHOLD_SECONDS * 1000);
  const availability: BadAndTotal = {
    bad: (minutes) => sum("redirect_errors", minutes),
    total: (minutes) => sum("redirects", minutes),
  };
  const latency: BadAndTotal = {
    bad: (minutes) => Math.max(0, sum("redirects", minutes) - sum(latencyName, minutes)),
    total: (minutes) => sum("redirects", minutes),
  };
  return [
    {
      name: "service_down",
      condition: !databaseUp,
      value: databaseUp ? 0 : 1,
      threshold: 1,
      detail: databaseUp ? "the database answers its health query" : "the database health query failed or timed out",
    },
    {
      name: "high_error_rate",
      condition: requests >= settings.ALERT_ERROR_RATE_MIN_REQUESTS && errorRate > settings.ALERT_ERROR_RATE_THRESHOLD,
      value: round(errorRate),
      threshold: settings.ALERT_ERROR_RATE_THRESHOLD,
      detail:
        `${errors} of ${requests} requests failed with 5xx over ${window} min (${round(errorRate * 100, 2)} %; ` +
        `alert above ${settings.ALERT_ERROR_RATE_THRESHOLD * 100} % of at least ${settings.ALERT_ERROR_RATE_MIN_REQUESTS})`,
    },
    burnVerdict(
      "redirect_availability_fast_burn",
      FAST_BURN,
      settings.SLO_AVAILABILITY_OBJECTIVE,
      availability,
      settings.SLO_MIN_BAD_EVENTS,
      `availability (objective ${settings.SLO_AVAILABILITY_OBJECTIVE * 100} %)`,
    ),
    burnVerdict(
      "redirect_availability_slow_burn",
      SLOW_BURN,
      settings.SLO_AVAILABILITY_OBJECTIVE,
      availability,
      settings.SLO_MIN_BAD_EVENTS,
      `availability (objective ${settings.SLO_AVAILABILITY_OBJECTIVE * 100} %)`,
    ),
    burnVerdict(
      "redirect_latency_fast_burn",
      FAST_BURN,
      settings.SLO_LATENCY_OBJECTIVE,
      latency,
      settings.SLO_MIN_BAD_EVENTS,
      `latency (${settings.SLO_LATENCY_OBJECTIVE * 100} % under ${thresholdMs} ms)`,
    ),
    burnVerdict(
      "redirect_latency_slow_burn",
      SLOW_BURN,
      settings.SLO_LATENCY_OBJECTIVE,
      latency,
      settings.SLO_MIN_BAD_EVENTS,
      `latency (${settings.SLO_LATENCY_OBJECTIVE * 100} % under ${thresholdMs} ms)`,
    ),
    {
      name: "link_password_guessing",
      condition: passwordBursts > 0,
      value: passwordBursts,
      threshold: 1,
      detail:
        `${passwordBursts} burst${passwordBursts === 1 ? "" : "s"} of wrong passwords on a link over ` +
        `${PASSWORD_BURST_ALERT_MINUTES} min (each: 20 wrong within 10 min; the link is in the link_password_burst log line)`,
    },
    {
      name: "webhook_delivery_backlog",
      condition: webhookBacklogSeconds !== null && webhookBacklogSeconds >= WEBHOOK_BACKLOG_ALERT_SECONDS,
      value: webhookBacklogSeconds,
      threshold: WEBHOOK_BACKLOG_ALERT_SECONDS,
      detail:
        webhookBacklogSeconds === null
          ? NOT_MEASURED
          : `the oldest due webhook delivery has waited ${Math.round(webhookBacklogSeconds)} s ` +
            `(alert at ${WEBHOOK_BACKLOG_ALERT_SECONDS} s; WEBHOOK_DISPATCH=off pauses them on purpose)`,
    },
    {
      name: "domain_unhealthy",
      condition: unhealthyDomainSeconds !== null && unhealthyDomainSeconds >= DOMAIN_UNHEALTHY_ALERT_SECONDS,
      value: unhealthyDomainSeconds,
      threshold: DOMAIN_UNHEALTHY_ALERT_SECONDS,
      detail: unhealthyDomainDetail(unhealthyDomainSeconds),
    },
    {
      name: "domain_certificate_failed",
      condition: failedCertificates !== null && failedCertificates > 0,
      value: failedCertificates,
      threshold: 1,
      detail:
        failedCertificates === null
          ? NOT_MEASURED
          : `${failedCertificates} serving custom domain${failedCertificates === 1 ? " has" : "s have"} a failed certificate ` +
            '(linkscope_domain_certificates{status="failed"}; the domains table\'s certificate and problem say which and why)',
    },
  ];
}
