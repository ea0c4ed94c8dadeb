// Variables the worker reads that `wrangler types` cannot see (secrets, and settings with a code
// default that wrangler.toml does not list). Every one is also in the configuration schema
// (worker/config/env.ts); tests add their own TEST_* bindings in vitest.config.ts.
interface LinkscopeUndeclaredVars {
  DATABASE_URL?: string;
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
  ADMIN_API_KEY?: string;
  METRICS_TOKEN?: string;
  METRICS_ENABLED?: string;
  SENTRY_DSN?: string;
  SENTRY_ENVIRONMENT?: string;
  SMTP_HOST?: string;
  SMTP_PORT?: string;
  SMTP_USER?: string;
  SMTP_PASSWORD?: string;
  SMTP_TLS?: string;
  ALERT_EMAIL_TO?: string;
  ALERT_DB_TIMEOUT_MS?: string;
  /** Which AlertState object the evaluator uses ("alerts"); tests give each test its own. */
  ALERTS_INSTANCE?: string;
}

interface Env extends LinkscopeUndeclaredVars {}
declare namespace Cloudflare {
  interface Env extends LinkscopeUndeclaredVars {}
}
