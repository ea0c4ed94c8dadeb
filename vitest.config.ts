import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// scripts/test.ts creates the database, the HTTP bridge and the proxy and passes them in; run tests with `npm test`.
const databaseUrl = process.env.LINKSCOPE_TEST_DATABASE_URL ?? "";
const wsProxy = process.env.LINKSCOPE_TEST_WS_PROXY ?? "";
const testEnv = (name: string) => process.env[`LINKSCOPE_TEST_${name}`] ?? "";

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          DATABASE_URL: databaseUrl,
          NEON_WS_PROXY: wsProxy,
          NEON_FETCH_ENDPOINT: testEnv("FETCH_ENDPOINT"),
          // Small, so the 413 path is cheap to prove.
          MAX_IMPORT_BYTES: "65536",
          // The tests play the trusted proxy that sets X-Request-Id.
          TRUST_REQUEST_ID: "true",
          // Every cached hit logged, as under `npm run dev` (production samples 1 %; logs.test.ts covers both).
          LOG_REDIRECT_HIT_SAMPLE: "1",
          // The seed-compatible open API and no shared rate-limit buckets between test files;
          // auth and rate-limit tests switch them on for their own requests.
          REQUIRE_API_KEYS: "false",
          // The tests' own origin is the service's host (so the redirect and the API make no custom
          // domain lookup for it); custom-domain tests use other hosts.
          SERVICE_HOSTS: "linkscope.test",
          RATE_LIMITS: "off",
          // No scheduled destination checks of every test's links (they point nowhere reachable);
          // link-health tests drive the scheduler and the checker themselves.
          HEALTH_CHECKS_PER_MINUTE: "0",
          // Webhook deliveries are written but not sent by the queue (whose consumer has none of a
          // test's settings, such as ALLOW_PRIVATE_DESTINATIONS): webhook tests send their own.
          WEBHOOK_DISPATCH: "off",
          UPSTASH_REDIS_REST_URL: testEnv("REDIS_URL"),
          UPSTASH_REDIS_REST_TOKEN: testEnv("REDIS_TOKEN"),
          REDIS_KEY_PREFIX: testEnv("REDIS_PREFIX"),
          // Fault tests steer lanes of this proxy in front of the Upstash bridge.
          CHAOS_URL: testEnv("CHAOS_URL"),
          // A local Sentry ingest stand-in; tests pass its DSN as SENTRY_DSN where they need it.
          TEST_SENTRY_DSN: testEnv("SENTRY_DSN"),
          TEST_SENTRY_CATCHER: testEnv("SENTRY_CATCHER"),
          // A local SMTP sink (scripts/lib/smtp-sink.ts); alert tests point SMTP_* at it.
          TEST_SMTP_PORT: testEnv("SMTP_PORT"),
          TEST_SMTP_API: testEnv("SMTP_API"),
          // Local destinations that answer 200, 404, 500, slowly, in loops... (scripts/lib/destination-server.ts).
          TEST_DESTINATIONS_URL: testEnv("DESTINATIONS_URL"),
          // The local DNS-over-HTTPS resolver (scripts/lib/dns-json-resolver.ts), with TXT records tests publish.
          TEST_DNS_RESOLVER_URL: testEnv("DNS_RESOLVER_URL"),
        },
      },
    }),
  ],
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The worker's per-request log lines are correct but drown the report; errors still print.
    onConsoleLog: (log) => !log.includes('"message":"request"'),
  },
});
