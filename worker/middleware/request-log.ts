import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { configOrUndefined } from "../env";
import { afterResponse } from "../lib/after-response";
import { logRequest } from "../observability/logger";
import { requestCounted } from "../observability/metrics/flush";
import { recordHttpRequest } from "../observability/metrics/http-metrics";
import { requestRouteTemplate } from "./route-template";

/**
 * One log line and the request metrics per request, labelled with the route template (never
 * the raw path: it may hold codes or secrets). A due metrics flush runs after the response.
 */
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const startedAt = performance.now();
  await next();
  const route = requestRouteTemplate(c);
  logRequest({
    requestId: c.get("requestId"),
    method: c.req.method,
    route,
    status: c.res.status,
    startedAt,
    request: c.req.raw,
  });
  // Counted even when the configuration is broken (that answer is a 500 worth seeing).
  if (configOrUndefined(c.env)?.metricsEnabled ?? true)
    recordHttpRequest(route, c.req.method, c.res.status, (performance.now() - startedAt) / 1000);
  const flush = requestCounted(c.env);
  if (flush) {
    try {
      afterResponse(c.executionCtx, flush);
    } catch {
      // No execution context (app.request in a unit test): the next request flushes.
    }
  }
});
