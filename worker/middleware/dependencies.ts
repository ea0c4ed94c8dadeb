import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { createCacheContext } from "../cache/cache-context";
import type { KeepAlive } from "../cache/invalidation-batcher";
import { readConfig } from "../config/env";
import { afterResponse } from "../lib/after-response";
import { log } from "../observability/logger";
import { lazyDatabase } from "../services/lazy-database";

/** The request's waitUntil; none under app.request without an execution context (unit tests). */
function keepAlive(c: Context<AppEnv>): KeepAlive | undefined {
  try {
    const executionCtx = c.executionCtx;
    return (work) => executionCtx.waitUntil(work);
  } catch {
    return undefined;
  }
}

/**
 * Gives each request its configuration, caches, a lazily opened database and `defer` for work
 * that must not delay the response. Routes that never touch Postgres open nothing; the pool is
 * ended after the response, in waitUntil.
 */
export const dependencies = createMiddleware<AppEnv>(async (c, next) => {
  const config = readConfig(c.env);
  c.set("config", config);
  c.set("principal", { kind: "anonymous" });
  c.set("cache", createCacheContext(config, keepAlive(c)));
  const defer = (work: () => Promise<unknown>) => {
    const logged = () =>
      work().catch((error: unknown) =>
        log("warn", "deferred_work_failed", { request_id: c.get("requestId"), error: String(error) }),
      );
    try {
      afterResponse(c.executionCtx, logged);
    } catch {
      void logged(); // no execution context (app.request in a unit test)
    }
  };
  c.set("defer", defer);
  const { database, transactionalDatabase, closer } = lazyDatabase(config);
  c.set("database", database);
  c.set("transactionalDatabase", transactionalDatabase);
  try {
    await next();
  } finally {
    const close = closer();
    if (close) defer(close);
  }
});
