// What scripts/test.ts hands to the stack tests: the run's database, Neon proxy and Redis bridge.
import { randomBytes } from "node:crypto";

function required(name: string): string {
  const value = process.env[`LINKSCOPE_TEST_${name}`];
  if (!value) throw new Error(`LINKSCOPE_TEST_${name} is not set: run the stack tests with npm test`);
  return value;
}

/** Vars for a worker under wrangler dev on this run's Postgres and Redis. */
export function workerVars(extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: required("DATABASE_URL"),
    NEON_WS_PROXY: required("WS_PROXY"),
    NEON_FETCH_ENDPOINT: required("FETCH_ENDPOINT"),
    UPSTASH_REDIS_REST_URL: required("REDIS_URL"),
    UPSTASH_REDIS_REST_TOKEN: required("REDIS_TOKEN"),
    REDIS_KEY_PREFIX: `${required("REDIS_PREFIX")}stack-${randomBytes(3).toString("hex")}:`,
    // These tests drive the observability path with anonymous traffic from one client; keys and
    // rate limits have their own tests (tests/integration/auth, rate-limits).
    REQUIRE_API_KEYS: "false",
    RATE_LIMITS: "off",
    LOG_REDIRECT_HIT_SAMPLE: "1",
    // The test links point at example.com, which this machine cannot reach: no scheduled checks.
    HEALTH_CHECKS_PER_MINUTE: "0",
    ...extra,
  };
}

export const randomToken = () => randomBytes(24).toString("hex");
