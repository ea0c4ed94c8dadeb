// Rate limits through the Workers rate limiting binding (counted across isolates): management
// writes per API key (per client IP without one), unknown-code lookups and failed authentications
// per client IP. A limited
// request is a 429 with Retry-After; every refusal is counted. If the limiter itself fails, the
// request goes through: a limiter outage must not become an outage of the service.
import { readConfig } from "../../config/env";
import { AppError } from "../../lib/errors";
import { sha256Hex } from "../../lib/hex-digest";
import { log } from "../../observability/logger";
import { METRICS } from "../../observability/metrics/definitions";
import { incrementCounter } from "../../observability/metrics/recorder";

/** Every binding uses 60-second windows (wrangler.toml). */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

export type LimitScope = "write" | "lookup" | "auth";

// Clients the limiter refused recently, per isolate: until their window has passed, a request of
// theirs that would need Postgres (an uncached code, an unknown key) is refused without asking
// the database or the limiter, so a flood past its limit costs no round trip at all.
const PENALTY_MAX_ENTRIES = 10_000;
const penalised = new Map<string, number>();

function penaltyKey(scope: LimitScope, subject: string): string {
  return `${scope}:${subject}`;
}

/** True while this client is known to be over its limit for this scope (and counts the refusal). */
export function stillLimited(scope: LimitScope, by: "key" | "ip", subject: string): boolean {
  const key = penaltyKey(scope, subject);
  const until = penalised.get(key);
  if (until === undefined) return false;
  if (Date.now() >= until) {
    penalised.delete(key);
    return false;
  }
  incrementCounter(METRICS.rateLimited, { scope, by });
  return true;
}

function penalise(scope: LimitScope, subject: string): void {
  if (penalised.size >= PENALTY_MAX_ENTRIES) penalised.clear();
  penalised.set(penaltyKey(scope, subject), Date.now() + RATE_LIMIT_PERIOD_SECONDS * 1000);
}

export function clientIp(request: Request): string {
  return request.headers.get("CF-Connecting-IP") ?? "unknown";
}

const LIMITERS: Record<LimitScope, (env: Env) => RateLimit | undefined> = {
  write: (env) => env.WRITE_LIMITER,
  lookup: (env) => env.LOOKUP_LIMITER,
  auth: (env) => env.AUTH_LIMITER,
};

/** True when the caller is over its limit (and counts it). */
export async function overLimit(env: Env, scope: LimitScope, by: "key" | "ip", subject: string): Promise<boolean> {
  const limiter = LIMITERS[scope](env);
  if (!limiter || !readConfig(env).rateLimitsOn) return false;
  try {
    const { success } = await limiter.limit({ key: `${by}:${subject}` });
    if (!success) {
      incrementCounter(METRICS.rateLimited, { scope, by });
      if (scope !== "write") penalise(scope, subject);
    }
    return !success;
  } catch (error) {
    log("warn", "rate_limiter_failed", { scope, error: String(error) });
    return false;
  }
}

/**
 * Sign-in links asked for: limited per client address and per email address (counted on the
 * failed-authentication limiter, under their own keys), so neither a client nor a victim's inbox can
 * be flooded. The address is counted by its hash: limiter keys are not secrets, but need not hold one.
 */
export async function refuseSignInFlood(env: Env, ip: string, email: string): Promise<void> {
  const address = await sha256Hex(email.toLowerCase());
  for (const [by, subject] of [
    ["ip", `sign-in:${ip}`],
    ["key", `sign-in-email:${address}`],
  ] as const) {
    if (await overLimit(env, "auth", by, subject)) throw tooManyRequests("sign_in");
  }
}

export function tooManyRequests(scope: LimitScope | "sign_in"): AppError {
  const what = {
    write: "writes",
    lookup: "lookups of unknown codes",
    auth: "failed authentications",
    sign_in: "sign-in links asked for",
  }[scope];
  return new AppError(
    "TOO_MANY_REQUESTS",
    `too many ${what}: try again in ${RATE_LIMIT_PERIOD_SECONDS} seconds`,
    undefined,
    {
      "Retry-After": String(RATE_LIMIT_PERIOD_SECONDS),
    },
  );
}
