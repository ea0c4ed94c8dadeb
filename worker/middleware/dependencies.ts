import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import type { KeepAlive } from "../cache/invalidation-batcher";
import { readConfig } from "../config/env";
import { afterResponse } from "../lib/after-response";
import { openServiceContext } from "../services/service-context";

/** The request's waitUntil; none under app.request without an execution context (unit tests). */
function executionContext(c: Context<AppEnv>): ExecutionContext | undefined {
  try {
    return c.executionCtx as ExecutionContext;
  } catch {
    return undefined;
  }
}

/**
 * Gives each request the service context (services/service-context.ts): its configuration, caches,
 * a lazily opened database and `defer` for work that must not delay the response. Anonymous until
 * the authenticate middleware says otherwise. Routes that never touch Postgres open nothing; the
 * pool is ended after the response, in waitUntil.
 */
export const dependencies = createMiddleware<AppEnv>(async (c, next) => {
  const ctx = executionContext(c);
  const keepAlive: KeepAlive | undefined = ctx && ((work) => ctx.waitUntil(work));
  const { context, closer } = openServiceContext({
    principal: { kind: "anonymous" },
    requestId: c.get("requestId"),
    config: readConfig(c.env),
    // No execution context (app.request in a unit test): the work runs at once.
    runDeferred: (work) => (ctx ? afterResponse(ctx, work) : void work()),
    keepAlive,
  });
  c.set("principal", context.principal);
  c.set("config", context.config);
  c.set("database", context.database);
  c.set("transactionalDatabase", context.transactionalDatabase);
  c.set("cache", context.cache);
  c.set("defer", context.defer);
  try {
    await next();
  } finally {
    const close = closer();
    if (close) context.defer(close);
  }
});
