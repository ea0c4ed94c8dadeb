import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { logRequest } from "../observability/logger";

/** One line per request, with the route template (never the raw path: it may hold codes or secrets). */
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const startedAt = performance.now();
  await next();
  logRequest({
    requestId: c.get("requestId"),
    method: c.req.method,
    route: c.req.routePath,
    status: c.res.status,
    startedAt,
  });
});
