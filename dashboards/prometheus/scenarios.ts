// Traffic scenarios shared by the Prometheus rule tests (generated into promtool test files by
// scripts/lib/prometheus-files.ts) and the in-worker evaluator's tests (tests/unit/alert-scenarios):
// both must reach the verdicts listed here.
import type { AlertName } from "../../worker/services/alerts/catalogue.ts";

/** A stretch of minutes with the same redirect traffic per minute. */
export interface Phase {
  minutes: number;
  requests: number;
  /** 5xx answers among the requests. */
  errors: number;
  /** Requests slower than the latency objective's threshold (100 ms). */
  slow: number;
  /** Does the database answer the evaluator's probe during these minutes? */
  databaseUp: boolean;
  /** Extra failures in single minutes of the phase: minute offset → errors that minute. */
  blips?: Record<number, number>;
  /** Bursts of wrong passwords on one link: minute offset → bursts counted that minute. */
  passwordBursts?: Record<number, number>;
  /** How long the oldest due webhook delivery has waited (seconds) during these minutes; 0 when absent. */
  webhookBacklogSeconds?: number;
  /** How long the longest-unhealthy custom domain has been so (seconds) during these minutes; 0 when absent. */
  unhealthyDomainSeconds?: number;
  /** Serving custom domains with a failed certificate during these minutes; 0 when absent. */
  failedCertificates?: number;
}

export interface Checkpoint {
  /** Evaluation time in minutes from the start (it sees the minutes before it). */
  at: number;
  /** Exactly these alerts fire then (among the shared ones not ignored). */
  firing: AlertName[];
  /** Alerts whose verdict sits on the threshold here, so neither side asserts them. */
  ignore?: AlertName[];
}

export interface Scenario {
  name: string;
  description: string;
  phases: Phase[];
  checkpoints: Checkpoint[];
}

const healthy = (minutes: number, requests: number): Phase => ({
  minutes,
  requests,
  errors: 0,
  slow: Math.round(requests * 0.005),
  databaseUp: true,
});

export const SCENARIOS: Scenario[] = [
  {
    name: "full_outage",
    description: "an hour of healthy traffic, then 20 minutes with the database gone and every redirect failing",
    phases: [
      healthy(60, 600),
      { minutes: 20, requests: 600, errors: 600, slow: 0, databaseUp: false },
      healthy(40, 600),
    ],
    checkpoints: [
      { at: 50, firing: [] },
      { at: 61, firing: ["high_error_rate", "redirect_availability_fast_burn", "redirect_availability_slow_burn"] },
      {
        at: 65,
        firing: [
          "service_down",
          "high_error_rate",
          "redirect_availability_fast_burn",
          "redirect_availability_slow_burn",
        ],
      },
      // Recovered: the 5-minute and 30-minute windows are clean again; the slow burn (a ticket) lasts.
      { at: 115, firing: ["redirect_availability_slow_burn"] },
    ],
  },
  {
    name: "errors_10pct_15min",
    description: "two healthy hours, then 10 % of redirects fail for 15 minutes",
    phases: [
      healthy(120, 300),
      { minutes: 15, requests: 300, errors: 30, slow: 2, databaseUp: true },
      healthy(60, 300),
    ],
    checkpoints: [
      { at: 100, firing: [] },
      // 10 % is the high_error_rate threshold itself (it fires above it), so neither side asserts it.
      {
        at: 134,
        firing: ["redirect_availability_fast_burn", "redirect_availability_slow_burn"],
        ignore: ["high_error_rate"],
      },
      { at: 175, firing: ["redirect_availability_slow_burn"] },
    ],
  },
  {
    name: "errors_1pct_8h",
    description: "1 % of redirects fail for 8 hours: burn rate 10, a page through the 6-hour window",
    phases: [{ minutes: 480, requests: 600, errors: 6, slow: 3, databaseUp: true }],
    checkpoints: [
      { at: 60, firing: ["redirect_availability_fast_burn", "redirect_availability_slow_burn"] },
      { at: 470, firing: ["redirect_availability_fast_burn", "redirect_availability_slow_burn"] },
    ],
  },
  {
    name: "healthy_with_blips_and_nights",
    description:
      "a day of healthy traffic with short bursts of errors, and quiet nights with single failures: never an alert",
    phases: [
      { ...healthy(360, 600), blips: { 90: 20, 200: 20, 300: 15 } },
      // Night: one request a minute, one of them fails (a 100 % 5-minute error ratio, 1/60 over the hour).
      { ...healthy(240, 1), slow: 0, blips: { 100: 1 } },
      { ...healthy(360, 600), blips: { 45: 20, 250: 20 } },
      { ...healthy(120, 2), slow: 0, blips: { 30: 1 } },
    ],
    checkpoints: [
      60, 91, 95, 120, 201, 300, 301, 400, 461, 465, 500, 646, 700, 851, 1006, 1100, 1200, 1351, 1355, 1440,
    ].map((at) => ({
      at,
      firing: [],
    })),
  },
  {
    name: "slow_redirects",
    description: "two healthy hours, then half of all redirects take longer than 100 ms for 30 minutes",
    phases: [
      healthy(120, 600),
      { minutes: 30, requests: 600, errors: 0, slow: 300, databaseUp: true },
      healthy(30, 600),
    ],
    checkpoints: [
      { at: 110, firing: [] },
      { at: 140, firing: ["redirect_latency_fast_burn", "redirect_latency_slow_burn"] },
    ],
  },
  {
    name: "password_guessing",
    description: "healthy traffic while someone guesses one link's password: a burst at minute 30, none after",
    phases: [healthy(30, 600), { ...healthy(30, 600), passwordBursts: { 0: 1 } }],
    checkpoints: [
      { at: 30, firing: [] },
      { at: 31, firing: ["link_password_guessing"] },
      { at: 40, firing: ["link_password_guessing"] },
      { at: 47, firing: [] },
    ],
  },
  {
    name: "webhook_backlog",
    description:
      "healthy traffic while webhook deliveries stop going out: the oldest waits 10 minutes, then 20, then the queue catches up",
    phases: [
      healthy(20, 600),
      { ...healthy(10, 600), webhookBacklogSeconds: 600 },
      { ...healthy(10, 600), webhookBacklogSeconds: 1_200 },
      healthy(10, 600),
    ],
    checkpoints: [
      { at: 20, firing: [] },
      { at: 28, firing: [] },
      { at: 31, firing: ["webhook_delivery_backlog"] },
      { at: 40, firing: ["webhook_delivery_backlog"] },
      { at: 42, firing: [] },
    ],
  },
  {
    name: "custom_domains",
    description:
      "healthy traffic while a custom domain stops verifying: unhealthy for 10 minutes, then 20, then its certificate fails too, then it recovers",
    phases: [
      healthy(20, 600),
      { ...healthy(10, 600), unhealthyDomainSeconds: 600 },
      { ...healthy(10, 600), unhealthyDomainSeconds: 1_200 },
      { ...healthy(5, 600), unhealthyDomainSeconds: 1_500, failedCertificates: 1 },
      healthy(10, 600),
    ],
    checkpoints: [
      { at: 20, firing: [] },
      { at: 30, firing: [] },
      { at: 31, firing: ["domain_unhealthy"] },
      { at: 40, firing: ["domain_unhealthy"] },
      { at: 41, firing: ["domain_unhealthy", "domain_certificate_failed"] },
      { at: 45, firing: ["domain_unhealthy", "domain_certificate_failed"] },
      { at: 47, firing: [] },
    ],
  },
];

/** The counts of each minute of a scenario (minute i is what the evaluation at i + 1 sees last). */
export interface MinuteCounts {
  requests: number;
  errors: number;
  slow: number;
  databaseUp: boolean;
  passwordBursts: number;
  webhookBacklogSeconds: number;
  unhealthyDomainSeconds: number;
  failedCertificates: number;
}

export function scenarioMinutes(scenario: Scenario): MinuteCounts[] {
  return scenario.phases.flatMap((phase) =>
    Array.from({ length: phase.minutes }, (_, offset) => {
      const extra = phase.blips?.[offset] ?? 0;
      return {
        requests: phase.requests + extra,
        errors: phase.errors + extra,
        slow: phase.slow,
        databaseUp: phase.databaseUp,
        passwordBursts: phase.passwordBursts?.[offset] ?? 0,
        webhookBacklogSeconds: phase.webhookBacklogSeconds ?? 0,
        unhealthyDomainSeconds: phase.unhealthyDomainSeconds ?? 0,
        failedCertificates: phase.failedCertificates ?? 0,
      };
    }),
  );
}
