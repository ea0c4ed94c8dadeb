// GET /alert-status: the seed's shape (alerts by name with `firing`, current_metrics,
// email_configured, thresholds), each alert extended with its state machine: state, since, last
// value, threshold and last evaluation; plus the evaluator's last successful run and its last counts
// of links by destination health and of custom domains.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { type AlertConfig, emailEnabled } from "../../config/alert-config";
import { CERTIFICATE_STATES, DOMAIN_STATES } from "../../domain/domain-states";
import { HEALTH_STATES } from "../../domain/health-states";
import { dependencyCalls } from "../../observability/dependency-calls";
import { flushBeforeRead } from "../../observability/metrics/flush";
import { ALERTS } from "../../services/alerts/catalogue";
import { alertState } from "../../services/alerts/evaluate-alerts";
import { requestSummary } from "../../services/metrics/request-summary";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const AlertSchema = z.object({
  firing: z.boolean(),
  state: z.enum(["inactive", "firing", "resolved"]),
  severity: z.enum(["page", "ticket"]),
  since: z.string().nullable(),
  value: z.number().nullable(),
  threshold: z.number(),
  detail: z.string(),
  last_evaluated: z.string().nullable(),
  episodes: z.number().int(),
});

const AlertStatusSchema = z
  .object({
    alerts: z.record(z.string(), AlertSchema),
    current_metrics: z.object({
      total: z.number().int(),
      errors: z.number().int(),
      error_rate: z.number(),
      window_seconds: z.number().int(),
    }),
    email_configured: z.boolean(),
    thresholds: z.record(z.string(), z.number()),
    evaluator: z.object({ last_success: z.string().nullable(), check_interval_seconds: z.number().int() }),
    links_by_health: z.partialRecord(z.enum(HEALTH_STATES), z.number().int()).nullable().openapi({
      description:
        "Active links by destination health state, as linkscope_links_by_health: counted by the evaluator each minute (null before its first count)",
    }),
    domains: z
      .object({
        states: z.record(z.enum(DOMAIN_STATES), z.number().int()),
        certificates: z.record(z.enum(CERTIFICATE_STATES), z.number().int()),
        unhealthy_longest_seconds: z.number(),
      })
      .nullable()
      .openapi({
        description:
          "Custom domains by state (linkscope_domains), the certificates of serving ones by status (linkscope_domain_certificates) and how long the longest-unhealthy one has been so: counted by the evaluator each minute (null before its first count)",
      }),
  })
  .openapi("AlertStatus");

const route = createRoute({
  method: "get",
  path: "/alert-status",
  ...requires("metrics"),
  tags: ["system"],
  responses: {
    200: jsonResponse(AlertStatusSchema, "Every alert, the current request window and the thresholds"),
    401: errorResponse("METRICS_TOKEN is set and the bearer token is missing or wrong"),
  },
});

function thresholds(config: AlertConfig) {
  return {
    check_interval_seconds: 60,
    cooldown_seconds: config.ALERT_REMINDER_MINUTES * 60,
    error_rate: config.ALERT_ERROR_RATE_THRESHOLD,
    min_requests_in_window: config.ALERT_ERROR_RATE_MIN_REQUESTS,
    error_rate_window_seconds: config.ALERT_ERROR_RATE_WINDOW_MINUTES * 60,
    service_down_confirmations: config.ALERT_DOWN_CONFIRMATIONS,
    availability_objective: config.SLO_AVAILABILITY_OBJECTIVE,
    latency_objective: config.SLO_LATENCY_OBJECTIVE,
    latency_threshold_seconds: config.SLO_LATENCY_THRESHOLD_SECONDS,
    slo_min_bad_events: config.SLO_MIN_BAD_EVENTS,
  };
}

export function registerAlertStatus(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const config = c.var.config;
    await flushBeforeRead(c.env);
    dependencyCalls().durableObject += 1;
    const [snapshot, summary] = await Promise.all([alertState(c.env).snapshot(), requestSummary(c.env)]);
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        alerts: Object.fromEntries(
          snapshot.alerts.map((alert) => [
            alert.name,
            {
              firing: alert.state === "firing",
              state: alert.state,
              severity: ALERTS[alert.name].severity,
              since: iso(alert.since),
              value: alert.lastValue,
              threshold: alert.threshold,
              detail: alert.detail,
              last_evaluated: iso(alert.lastEvaluatedAt),
              episodes: alert.episode,
            },
          ]),
        ),
        current_metrics: summary.requests,
        email_configured: emailEnabled(config),
        thresholds: thresholds(config),
        evaluator: { last_success: iso(snapshot.lastSuccessMs), check_interval_seconds: 60 },
        links_by_health: snapshot.linksByHealth,
        domains: snapshot.domains && {
          states: snapshot.domains.states,
          certificates: snapshot.domains.certificates,
          unhealthy_longest_seconds: snapshot.domains.unhealthyLongestSeconds,
        },
      },
      200,
    );
  });
}
