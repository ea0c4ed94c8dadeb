// GET /metrics/history?minutes=N: per-minute counts of every isolate for the dashboard's charts.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { queryInt } from "../../lib/validation";
import { flushBeforeRead } from "../../observability/metrics/flush";
import { REDIRECT_OUTCOMES } from "../../observability/metrics/redirect-outcomes";
import { MAX_HISTORY_MINUTES, recentHistory } from "../../services/metrics/minute-history";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";

const Percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() });

const HistorySchema = z
  .object({
    minutes: z.array(
      z.object({
        start: z.string(),
        requests: z.number(),
        errors: z.number(),
        redirects: z.number(),
        redirect_errors: z.number(),
        tiers: z.object({ isolate: z.number(), redis: z.number(), database: z.number() }),
        outcomes: z.record(z.enum(REDIRECT_OUTCOMES), z.number()).openapi({
          description: "Redirects by outcome, as the outcome label of linkscope_redirects_total",
        }),
        latency_ms: Percentiles,
        broken_destinations: z.object({ followed: z.number(), fallback: z.number() }).openapi({
          description:
            "Human clicks on links whose destination is broken: followed (sent there anyway, linkscope_redirects_to_unhealthy_total) or fallback (sent to the link's fallback_url)",
        }),
        auth: z.object({ sign_ins: z.number(), refusals: z.number() }).openapi({
          description:
            "People signed in, and refused sign-ins, sessions and cross-site writes (linkscope_auth_events_total)",
        }),
        clicks: z
          .object({
            sent: z.number(),
            messages: z.number(),
            messages_per_click: z.number().nullable(),
            lag_seconds: Percentiles,
          })
          .openapi({
            description:
              "The click pipeline: clicks the queue accepted (linkscope_click_sends_total, ok and retried), the messages that carried them (linkscope_click_messages_sent_total), messages per click (null without clicks), and the consumer's lag in seconds per message from its oldest click (linkscope_click_lag_seconds), estimated from per-minute buckets",
          }),
      }),
    ),
  })
  .openapi("MetricsHistory");

const route = createRoute({
  method: "get",
  path: "/metrics/history",
  ...requires("metrics"),
  tags: ["system"],
  request: {
    query: z.object({
      minutes: queryInt("minutes", 1, MAX_HISTORY_MINUTES).openapi({
        description: `1 to ${MAX_HISTORY_MINUTES} (default 60)`,
      }),
    }),
  },
  responses: {
    200: jsonResponse(HistorySchema, "Per-minute counts, oldest first, the current minute last"),
    400: errorResponse("minutes is not an integer from 1 to 180"),
    401: errorResponse("METRICS_TOKEN is set and the bearer token is missing or wrong"),
  },
});

export function registerMetricsHistory(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await flushBeforeRead(c.env);
    c.header("Cache-Control", "no-store");
    return c.json({ minutes: await recentHistory(c.env, c.req.valid("query").minutes ?? 60) }, 200);
  });
}
