// GET /alert-status: every alert with its state, since when, last value, threshold and last evaluation.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { emailEnabled, readAlertConfig } from "../../alerts/alert-config";
import { ALERTS } from "../../alerts/catalogue";
import { alertState } from "../../alerts/evaluate-alerts";
import type { AppEnv } from "../../app-env";
import { dependencyCalls } from "../../observability/dependency-calls";
import { errorResponse, jsonResponse } from "../shared/responses";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const AlertStatusSchema = z
  .object({
    evaluator: z.object({ last_success: z.string().nullable(), email_enabled: z.boolean() }),
    alerts: z.array(
      z.object({
        name: z.string(),
        severity: z.enum(["page", "ticket"]),
        state: z.enum(["inactive", "firing", "resolved"]),
        since: z.string().nullable(),
        value: z.number().nullable(),
        threshold: z.number(),
        detail: z.string(),
        last_evaluated: z.string().nullable(),
        episodes: z.number().int(),
      }),
    ),
  })
  .openapi("AlertStatus");

const route = createRoute({
  method: "get",
  path: "/alert-status",
  tags: ["system"],
  responses: {
    200: jsonResponse(AlertStatusSchema, "Every alert and the evaluator's last run"),
    401: errorResponse("METRICS_TOKEN is set and the bearer token is missing or wrong"),
  },
});

export function registerAlertStatus(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    dependencyCalls().durableObject += 1;
    const snapshot = await alertState(c.env).snapshot();
    let mailing = false;
    try {
      mailing = emailEnabled(readAlertConfig(c.env));
    } catch {
      mailing = false;
    }
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        evaluator: { last_success: iso(snapshot.lastSuccessMs), email_enabled: mailing },
        alerts: snapshot.alerts.map((alert) => ({
          name: alert.name,
          severity: ALERTS[alert.name].severity,
          state: alert.state,
          since: iso(alert.since),
          value: alert.lastValue,
          threshold: alert.threshold,
          detail: alert.detail,
          last_evaluated: iso(alert.lastEvaluatedAt),
          episodes: alert.episode,
        })),
      },
      200,
    );
  });
}
