// GET /logs?limit=N: the most recent log lines from every isolate, oldest first (at most 500)
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { queryInt } from "../../lib/validation";
import { dependencyCalls } from "../../observability/dependency-calls";
import { flushBeforeRead, logRing } from "../../observability/metrics/flush";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";

export const DEFAULT_LOG_LIMIT = 100;
export const MAX_LOG_LIMIT = 500;

const route = createRoute({
  method: "get",
  path: "/logs",
  ...requires("metrics"),
  tags: ["system"],
  request: {
    query: z.object({
      // Larger values are clamped: there is no way to dump the whole ring.
      limit: queryInt("limit", 1, 1_000_000).openapi({
        description: `1 to ${MAX_LOG_LIMIT} (default ${DEFAULT_LOG_LIMIT})`,
      }),
    }),
  },
  responses: {
    200: jsonResponse(z.array(z.record(z.string(), z.unknown())), "Recent log entries, oldest first"),
    400: errorResponse("limit is not a positive integer"),
    401: errorResponse("METRICS_TOKEN is set and the bearer token is missing or wrong"),
  },
});

export function registerLogs(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const limit = Math.min(c.req.valid("query").limit ?? DEFAULT_LOG_LIMIT, MAX_LOG_LIMIT);
    await flushBeforeRead(c.env); // this isolate's own recent lines first
    dependencyCalls().durableObject += 1;
    const lines = await logRing(c.env).recent(limit);
    const entries = lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
    c.header("Cache-Control", "no-store");
    return c.json(entries, 200);
  });
}
