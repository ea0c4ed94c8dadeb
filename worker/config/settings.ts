// The configuration schema: every variable the worker reads, with its default, parsed into one
// typed object with what the hot path needs already worked out (the destination policy, the
// flags). Read through readConfig (worker/config/env.ts); the dev scripts take the variable list from here.
import { z } from "zod";
import { DEFAULT_REDIS_TIMEOUT_MS, ISOLATE_REDIRECT_TTL_MS } from "../cache/ttl.ts";
import { type DestinationPolicy, parseDomainList } from "../domain/destination.ts";
import { ALERT_SETTINGS } from "./alert-config.ts";
import { ANOMALY_SETTINGS } from "./anomaly-config.ts";
import { AUTH_SETTINGS } from "./auth-config.ts";
import { DOMAIN_SETTINGS } from "./domain-config.ts";
import { HEALTH_SETTINGS } from "./health-config.ts";

/** Share of redirects served from a cache (the isolate or Redis) that get a log line. */
const LogRedirectHitSample = z.coerce.number().min(0).max(1).default(1);
const flag = (on: string, off: string) => z.enum([on, off]).default(on);

/** Only where API keys are not required (development): a deployment sets LINK_PASSWORD_SECRET. */
const DEVELOPMENT_UNLOCK_SECRET = "linkscope-development-only-unlock-cookie-key";

// Wrangler passes every var as a string.
const SETTINGS = {
  APP_VERSION: z.string().default("dev"),
  APP_COMMIT: z.string().default("unknown"),
  DATABASE_URL: z.string().default(""),
  // Local only (empty in production): the stand-ins for Neon's endpoints that the dev scripts start.
  // NEON_FETCH_ENDPOINT: URL of the HTTP bridge; NEON_WS_PROXY: host:port of the WebSocket proxy.
  NEON_FETCH_ENDPOINT: z.string().default(""),
  NEON_WS_PROXY: z.string().default(""),
  MAX_IMPORT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  // What one counted write may do (docs/SECURITY.md, "Work per request"). A user's key imports at most
  // MAX_IMPORT_ROWS rows per CSV (the admin key: MAX_IMPORT_BYTES alone) and renames, merges or deletes
  // a tag on at most MAX_TAG_CHANGE_LINKS links (the admin key: no limit); an owner has at most
  // MAX_WEBHOOKS_PER_OWNER webhook endpoints, whoever creates them.
  MAX_IMPORT_ROWS: z.coerce.number().int().positive().default(5_000),
  MAX_TAG_CHANGE_LINKS: z.coerce.number().int().positive().default(1_000),
  MAX_WEBHOOKS_PER_OWNER: z.coerce.number().int().positive().default(10),
  // Redis (Upstash REST). Both unset: no Redis tier, the service runs on Postgres alone.
  UPSTASH_REDIS_REST_URL: z.string().default(""),
  UPSTASH_REDIS_REST_TOKEN: z.string().default(""),
  REDIS_KEY_PREFIX: z.string().default("ls:"),
  REDIS_TIMEOUT_MS: z.coerce.number().int().positive().default(DEFAULT_REDIS_TIMEOUT_MS),
  ISOLATE_CACHE_TTL_MS: z.coerce.number().int().min(0).default(ISOLATE_REDIRECT_TTL_MS),
  // Share of redirects served from a cache (isolate memory or Redis) that get a request log line;
  // every miss, error, refusal and API call is always logged, and metrics count every request.
  // wrangler.toml sets 0.01 for production; `npm run dev` logs every line (1).
  LOG_REDIRECT_HIT_SAMPLE: LogRedirectHitSample,
  // Authentication (docs/SECURITY.md). ADMIN_API_KEY is a secret; REQUIRE_API_KEYS=true in production.
  ADMIN_API_KEY: z.string().default(""),
  REQUIRE_API_KEYS: z
    .enum(["true", "false", ""])
    .default("false")
    .transform((value) => value === "true"),
  // Secret (32+ characters): signs the cookies that unlock password-protected links, keys the daily
  // visitor hash of unique clicks and seals webhook signing secrets (each use under its own derivation). Required with
  // REQUIRE_API_KEYS=true; without it, in keyless development only, a fixed development key is used.
  LINK_PASSWORD_SECRET: z
    .string()
    .default("")
    .refine((secret) => secret === "" || secret.length >= 32, "must be at least 32 characters"),
  // Raw clicks are deleted this many days after they happened (by the cron, in bounded batches);
  // the hourly and daily rollups that stats read are kept.
  CLICK_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
  // "true" for local testing only: links, their expired_url and destination checks may point at
  // loopback and private addresses. Refused with REQUIRE_API_KEYS=true; a warning is logged.
  ALLOW_PRIVATE_DESTINATIONS: flag("false", "true"),
  // Where the runtime can reach a private network (wrangler dev, the compose stack): a DNS-over-HTTPS
  // endpoint (JSON API) that health checks and webhook deliveries ask first, refusing a name with any
  // private or loopback address. Empty: trust the runtime, as production does (Cloudflare's network
  // never routes a subrequest to a private address; docs/SECURITY.md). DOMAIN_PROVIDER=manual reads
  // custom domains' TXT records through it too (empty: Cloudflare's public resolver).
  DNS_RESOLVER_URL: z
    .string()
    .default("")
    .refine(
      (url) => url === "" || /^https?:\/\/[^/]/i.test(url),
      "must be an http(s) URL of a DNS-over-HTTPS endpoint",
    ),
  // "off" pauses webhook deliveries: they are still written (with the writes they describe) and kept
  // pending, and go out once it is "on" again (the test suite pauses them and sends its own).
  WEBHOOK_DISPATCH: flag("on", "off"),
  // "off" disables the rate limits (the test suite does; rate-limit tests turn them on).
  RATE_LIMITS: flag("on", "off"),
  // Comma-separated: this service's own hostnames (links to them are refused) and blocked domains
  // (refused when written, and a warning page instead of the redirect once blocked).
  SERVICE_HOSTS: z.string().default(""),
  BLOCKED_DOMAINS: z.string().default(""),
  // "false" stops request metrics (for the benchmark and emergencies).
  METRICS_ENABLED: flag("true", "false"),
  // Secret. Set: /prometheus, /metrics, /logs and /alert-status need "Authorization: Bearer <it>".
  METRICS_TOKEN: z.string().default(""),
  // Secret. Set: unexpected failures (500s) are reported to Sentry; unset: nothing is sent.
  SENTRY_DSN: z.string().default(""),
  SENTRY_ENVIRONMENT: z.string().default("production"),
  // "true" only behind a proxy that sets X-Request-Id itself.
  TRUST_REQUEST_ID: flag("false", "true"),
  ...ALERT_SETTINGS,
  ...ANOMALY_SETTINGS,
  ...HEALTH_SETTINGS,
  ...AUTH_SETTINGS,
  ...DOMAIN_SETTINGS,
};

export const ConfigSchema = z
  .object(SETTINGS)
  .superRefine((settings, context) => {
    if (settings.ALLOW_PRIVATE_DESTINATIONS === "true" && settings.REQUIRE_API_KEYS) {
      context.addIssue({
        code: "custom",
        path: ["ALLOW_PRIVATE_DESTINATIONS"],
        message: "must not be true with REQUIRE_API_KEYS=true (it is for local testing only)",
      });
    }
    if (settings.DOMAIN_PROVIDER === "none" && settings.REQUIRE_API_KEYS) {
      context.addIssue({
        code: "custom",
        path: ["DOMAIN_PROVIDER"],
        message: "must not be none with REQUIRE_API_KEYS=true (it proves nothing: local testing only)",
      });
    }
    if (
      settings.DOMAIN_PROVIDER === "cloudflare-saas" &&
      !(settings.CLOUDFLARE_ZONE_ID && settings.CLOUDFLARE_API_TOKEN)
    ) {
      context.addIssue({
        code: "custom",
        path: ["DOMAIN_PROVIDER"],
        message: "cloudflare-saas needs CLOUDFLARE_ZONE_ID and the CLOUDFLARE_API_TOKEN secret",
      });
    }
  })
  .transform((settings) => ({
    ...settings,
    /** Who proves custom domains, or null while no provider is set in production (domains off). */
    domainProvider:
      settings.DOMAIN_PROVIDER === ""
        ? settings.REQUIRE_API_KEYS
          ? null
          : ("none" as const)
        : settings.DOMAIN_PROVIDER,
    /** SERVICE_HOSTS, BLOCKED_DOMAINS (IDN names in punycode) and ALLOW_PRIVATE_DESTINATIONS, parsed. */
    destinationPolicy: {
      ownHosts: parseDomainList(settings.SERVICE_HOSTS),
      blockedDomains: parseDomainList(settings.BLOCKED_DOMAINS),
      allowPrivate: settings.ALLOW_PRIVATE_DESTINATIONS === "true",
    } satisfies DestinationPolicy,
    /**
     * The resolver outbound requests ask first (DNS_RESOLVER_URL), or null: the runtime is trusted, or
     * private addresses are allowed anyway (ALLOW_PRIVATE_DESTINATIONS), so there is nothing to refuse.
     */
    outboundResolver:
      settings.DNS_RESOLVER_URL && settings.ALLOW_PRIVATE_DESTINATIONS !== "true"
        ? { url: settings.DNS_RESOLVER_URL }
        : null,
    rateLimitsOn: settings.RATE_LIMITS === "on",
    webhooksDispatched: settings.WEBHOOK_DISPATCH === "on",
    metricsEnabled: settings.METRICS_ENABLED === "true",
    trustsRequestId: settings.TRUST_REQUEST_ID === "true",
    /** The unlock cookies' key; null in production without LINK_PASSWORD_SECRET (forms then answer 503). */
    unlockSecret: settings.LINK_PASSWORD_SECRET || (settings.REQUIRE_API_KEYS ? null : DEVELOPMENT_UNLOCK_SECRET),
    /** The key the daily visitor hashes derive from; null without a secret (every human click is then unique). */
    visitorSecret: settings.LINK_PASSWORD_SECRET || (settings.REQUIRE_API_KEYS ? null : DEVELOPMENT_UNLOCK_SECRET),
  }));

export type Config = z.infer<typeof ConfigSchema>;

/** Every variable the configuration reads: what `npm run dev` passes through from its environment. */
export const CONFIG_VARIABLES = Object.keys(SETTINGS) as (keyof typeof SETTINGS)[];
