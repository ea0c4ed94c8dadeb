import { z } from "zod";
import { DEFAULT_REDIS_TIMEOUT_MS, ISOLATE_REDIRECT_TTL_MS } from "./cache/ttl";

/** Share of isolate-cache redirect hits that get a log line; also read alone by the hot path. */
export const LogRedirectHitSample = z.coerce.number().min(0).max(1).default(1);

// Wrangler passes every var as a string; parse them once into typed config.
const ConfigSchema = z.object({
  APP_VERSION: z.string().default("dev"),
  APP_COMMIT: z.string().default("unknown"),
  DATABASE_URL: z.string().default(""),
  NEON_WS_PROXY: z.string().default(""),
  MAX_IMPORT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  // Redis (Upstash REST). Both unset: no Redis tier, the service runs on Postgres alone.
  UPSTASH_REDIS_REST_URL: z.string().default(""),
  UPSTASH_REDIS_REST_TOKEN: z.string().default(""),
  REDIS_KEY_PREFIX: z.string().default("ls:"),
  REDIS_TIMEOUT_MS: z.coerce.number().int().positive().default(DEFAULT_REDIS_TIMEOUT_MS),
  ISOLATE_CACHE_TTL_MS: z.coerce.number().int().min(0).default(ISOLATE_REDIRECT_TTL_MS),
  // Share of redirects served from isolate memory that get a request log line (every other
  // request is always logged). 1 logs all; high-traffic deployments may sample.
  LOG_REDIRECT_HIT_SAMPLE: LogRedirectHitSample,
  // "true" only behind a proxy that sets X-Request-Id itself (read directly by request-id.ts).
  // Authentication (docs/SECURITY.md). ADMIN_API_KEY is a secret; REQUIRE_API_KEYS=true in production.
  ADMIN_API_KEY: z.string().default(""),
  REQUIRE_API_KEYS: z
    .enum(["true", "false", ""])
    .default("false")
    .transform((value) => value === "true"),
  RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  // Comma-separated: this service's own hostnames (links to them are refused) and blocked domains
  // (refused when written, and a warning page instead of the redirect once blocked).
  SERVICE_HOSTS: z.string().default(""),
  BLOCKED_DOMAINS: z.string().default(""),
  // "false" stops request metrics (read directly on the hot path; for the benchmark and emergencies).
  METRICS_ENABLED: z.enum(["true", "false"]).default("true"),
  // Secret. Set: /prometheus, /metrics, /logs and /alert-status need "Authorization: Bearer <it>".
  METRICS_TOKEN: z.string().default(""),
  // Secret. Set: unexpected failures (500s) are reported to Sentry; unset: nothing is sent.
  SENTRY_DSN: z.string().default(""),
  SENTRY_ENVIRONMENT: z.string().default("production"),
  TRUST_REQUEST_ID: z.enum(["true", "false"]).default("false"),
});

export type Config = z.infer<typeof ConfigSchema>;

// Parsed once per distinct set of values: the hot path must not re-validate on every request,
// and the runtime does not promise the same env object each time.
const CONFIG_KEYS = Object.keys(ConfigSchema.shape) as (keyof Config)[];
let lastKey: string | undefined;
let lastConfig: Config | undefined;

export function readConfig(env: Env): Config {
  const raw = env as unknown as Record<string, unknown>;
  const key = CONFIG_KEYS.map((name) => String(raw[name] ?? "")).join("\u0000");
  if (key === lastKey && lastConfig) return lastConfig;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  lastKey = key;
  lastConfig = parsed.data;
  return parsed.data;
}
