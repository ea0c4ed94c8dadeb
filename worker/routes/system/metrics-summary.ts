// GET /metrics: the seed's JSON summary (requests over a 120 s sliding window) with uptime and
// cache hit ratios. Reads the aggregated shards; never waits for a fixed delay.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { flushBeforeRead } from "../../observability/metrics/flush";
import { requestSummary } from "../../services/metrics/request-summary";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";

const Ratio = z.number().min(0).max(1).nullable();

const SummarySchema = z
  .object({
    requests: z.object({
      total: z.number().int(),
      errors: z.number().int(),
      error_rate: z.number(),
      window_seconds: z.number().int(),
    }),
    uptime_seconds: z.number().int(),
    cache: z.object({
      window_seconds: z.number().int(),
      redirect_lookups: z.number().int(),
      hit_ratio: z.object({ isolate: Ratio, redis: Ratio, overall: Ratio }),
    }),
  })
  .openapi("MetricsSummary");

const route = createRoute({
  method: "get",
  path: "/metrics",
  ...requires("metrics"),
  tags: ["system"],
  description: "Requests and 5xx errors over the last 120 s (every isolate), uptime, redirect cache hit ratios.",
  responses: {
    200: jsonResponse(SummarySchema, "Summary"),
    401: errorResponse("METRICS_TOKEN is set and the bearer token is missing or wrong"),
  },
});

export function registerMetricsSummary(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await flushBeforeRead(c.env); // this isolate's own recent requests first
    c.header("Cache-Control", "no-store");
    return c.json(await requestSummary(c.env), 200);
  });
}
