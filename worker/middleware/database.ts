import { createMiddleware } from "hono/factory";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import type { AppEnv } from "../app-env";
import { readConfig } from "../env";
import { AppError } from "../lib/errors";
import { log } from "../observability/logger";

/**
 * Gives each request a lazily opened database. Routes that never touch Postgres (health,
 * malformed codes) open nothing; the pool is ended after the response, in waitUntil.
 */
export const database = createMiddleware<AppEnv>(async (c, next) => {
  const config = readConfig(c.env);
  c.set("config", config);
  let handle: DatabaseHandle | undefined;
  c.set("database", () => {
    if (!config.DATABASE_URL) throw new AppError("SERVICE_UNAVAILABLE", "database not configured");
    handle ??= openDatabase(config.DATABASE_URL, config.NEON_WS_PROXY);
    return handle.db;
  });
  try {
    await next();
  } finally {
    if (handle) {
      const closing = handle.close().catch((error: unknown) => {
        log("warn", "database_close_failed", { request_id: c.get("requestId"), error: String(error) });
      });
      try {
        c.executionCtx.waitUntil(closing);
      } catch {
        await closing; // no execution context (unit tests calling app.request directly)
      }
    }
  }
});
