// Destination check settings (docs/API.md, "Link health"), from vars.
import { z } from "zod";

const count = z.coerce.number().int().min(1);

/** The link-health settings: part of the one configuration schema (worker/config/settings.ts). */
export const HEALTH_SETTINGS = {
  // broken: this many consecutive failed checks, the first at least this many minutes before the last.
  HEALTH_BROKEN_AFTER: count.max(100).default(3),
  HEALTH_BROKEN_MIN_SPAN_MINUTES: z.coerce.number().int().min(0).default(120),
  // Links clicked in the last 7 days are checked this often; others this often.
  HEALTH_ACTIVE_INTERVAL_HOURS: count.default(6),
  HEALTH_IDLE_INTERVAL_HOURS: count.default(168),
  // After a failed or refused check, the next one (Retry-After wins when longer).
  HEALTH_RETRY_MINUTES: count.default(60),
  // The whole check, every redirect included.
  HEALTH_CHECK_TIMEOUT_MS: count.max(30_000).default(10_000),
  // Links enqueued for their scheduled check per cron run (a minute); 0 stops scheduled checks.
  HEALTH_CHECKS_PER_MINUTE: z.coerce.number().int().min(0).max(1_000).default(60),
  // The daily digest to owners of links that became broken or moved in the 24 hours before this hour (UTC).
  HEALTH_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  // Named in the checker's User-Agent, for the sites it visits: a page that says who checks and why.
  // Empty: ALERT_DASHBOARD_URL.
  HEALTH_CONTACT_URL: z.string().default(""),
};

export const HEALTH_USER_AGENT_PRODUCT = "LinkscopeHealthCheck/1.0";
