import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { configOrUndefined } from "../config/env";
import { recordRequest } from "../observability/record-request";
import { requestRouteTemplate } from "./route-template";

/**
 * One log line and the request metrics per request, labelled with the route template (never
 * the raw path: it may hold codes or secrets). A due metrics flush runs after the response.
 */
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const startedAt = performance.now();
  await next();
  let ctx: ExecutionContext | undefined;
  try {
    ctx = c.executionCtx as ExecutionContext;
  } catch {
    // No execution context (app.request in a unit test): the next request flushes.
  }
  recordRequest({
    env: c.env,
    config: configOrUndefined(c.env),
    ctx,
    request: c.req.raw,
    requestId: c.get("requestId"),
    route: requestRouteTemplate(c),
    status: c.res.status,
    startedAt,
  });
});
