import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import type { RedisStore } from "../../cache/redis-store";
import { DATABASE_NOT_CONFIGURED } from "../lazy-database";

// A health probe must answer quickly even when a dependency hangs.
export const HEALTH_CHECK_TIMEOUT_MS = 1_000;

export interface DependencyCheck {
  status: "ok" | "down" | "disabled";
  latency_ms: number | null;
  circuit?: "closed" | "open" | "half-open";
  /** What to do about it, when the cause is known (a database that was never configured). */
  detail?: string;
}

export interface HealthReport {
  status: "ok" | "degraded" | "down";
  checks: { database: DependencyCheck; redis: DependencyCheck };
}

const rounded = (ms: number) => Math.round(ms * 100) / 100;

export async function checkDatabase(
  database: (() => Database) | undefined,
  timeoutMs = HEALTH_CHECK_TIMEOUT_MS,
): Promise<DependencyCheck> {
  if (!database) return { status: "down", latency_ms: null, detail: DATABASE_NOT_CONFIGURED };
  const startedAt = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      database().execute(sql`select 1`),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      }),
    ]);
    return { status: "ok", latency_ms: rounded(performance.now() - startedAt) };
  } catch {
    return { status: "down", latency_ms: null };
  } finally {
    clearTimeout(timer);
  }
}

async function checkRedis(redis: RedisStore | undefined): Promise<DependencyCheck> {
  if (!redis) return { status: "disabled", latency_ms: null };
  const latency = await redis.ping();
  return latency === undefined
    ? { status: "down", latency_ms: null, circuit: redis.circuitState() }
    : { status: "ok", latency_ms: rounded(latency), circuit: redis.circuitState() };
}

/** ok: everything configured answers. degraded: one tier is out, redirects still work. down: neither. */
export async function checkDependencies(
  redis: RedisStore | undefined,
  database: (() => Database) | undefined,
): Promise<HealthReport> {
  const [databaseCheck, redisCheck] = await Promise.all([checkDatabase(database), checkRedis(redis)]);
  const databaseUp = databaseCheck.status === "ok";
  const redisUp = redisCheck.status === "ok";
  const redisNeeded = redisCheck.status !== "disabled";
  const status = databaseUp && (redisUp || !redisNeeded) ? "ok" : databaseUp || redisUp ? "degraded" : "down";
  return { status, checks: { database: databaseCheck, redis: redisCheck } };
}
