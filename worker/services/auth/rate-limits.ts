// Rate limits through the Workers rate limiting binding (counted across isolates): management
// writes per API key (per client IP without one), unknown-code lookups per client IP. A limited
// request is a 429 with Retry-After; every refusal is counted. If the limiter itself fails, the
// request goes through: a limiter outage must not become an outage of the service.
import { AppError } from "../../lib/errors";
import { log } from "../../observability/logger";
import { METRICS } from "../../observability/metrics/definitions";
import { incrementCounter } from "../../observability/metrics/recorder";

/** Both bindings use 60-second windows (wrangler.toml). */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

export type LimitScope = "write" | "lookup";

export function rateLimitsOn(env: Env): boolean {
  return (env as { RATE_LIMITS?: string }).RATE_LIMITS !== "off";
}

export function clientIp(request: Request): string {
  return request.headers.get("CF-Connecting-IP") ?? "unknown";
}

/** True when the caller is over its limit (and counts it). */
export async function overLimit(env: Env, scope: LimitScope, by: "key" | "ip", subject: string): Promise<boolean> {
  const limiter = scope === "write" ? env.WRITE_LIMITER : env.LOOKUP_LIMITER;
  if (!limiter || !rateLimitsOn(env)) return false;
  try {
    const { success } = await limiter.limit({ key: `${by}:${subject}` });
    if (!success) incrementCounter(METRICS.rateLimited, { scope, by });
    return !success;
  } catch (error) {
    log("warn", "rate_limiter_failed", { scope, error: String(error) });
    return false;
  }
}

export function tooManyRequests(scope: LimitScope): AppError {
  const what = scope === "write" ? "writes" : "lookups of unknown codes";
  return new AppError(
    "TOO_MANY_REQUESTS",
    `too many ${what}: try again in ${RATE_LIMIT_PERIOD_SECONDS} seconds`,
    undefined,
    {
      "Retry-After": String(RATE_LIMIT_PERIOD_SECONDS),
    },
  );
}
