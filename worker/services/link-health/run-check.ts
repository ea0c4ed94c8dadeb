// One check of one link's destination, from probe to stored state and fresh caches: what the
// on-demand check and the scheduled checker both run. The User-Agent names the service and where to
// read about the checks.
import type { Database } from "../../../db/client";
import type { UrlRow } from "../../../db/schema";
import type { CacheContext } from "../../cache/cache-context";
import { invalidateCaches } from "../../cache/invalidate";
import type { Config } from "../../config/env";
import { HEALTH_USER_AGENT_PRODUCT } from "../../config/health-config";
import type { DestinationPolicy } from "../../domain/destination";
import { linkKey } from "../../domain/link-key";
import { METRICS } from "../../observability/metrics/definitions";
import { incrementCounter } from "../../observability/metrics/recorder";
import { type LinkHealth, nextHealth } from "./next-health";
import { probeDestination } from "./probe-destination";
import { clickedRecently, healthOf, storeHealth } from "./store-health";

export const userAgentOf = (config: Config) =>
  `${HEALTH_USER_AGENT_PRODUCT} (+${config.HEALTH_CONTACT_URL || config.ALERT_DASHBOARD_URL}; checks that short links still lead somewhere)`;

export interface CheckOutcome {
  /** The row as stored after the check, or undefined when the destination changed meanwhile. */
  row: UrlRow | undefined;
  health: LinkHealth;
}

export interface CheckContext {
  policy: DestinationPolicy;
  trigger: "schedule" | "request";
  cache: CacheContext;
  /** The request's id, or the job's name: what the caches' failure log line carries. */
  requestId: string;
}

export async function runCheck(
  db: Database,
  config: Config,
  row: UrlRow,
  { policy, trigger, cache, requestId }: CheckContext,
  now = Date.now(),
): Promise<CheckOutcome> {
  const [result, recent] = await Promise.all([
    probeDestination(row.originalUrl, {
      policy,
      timeoutMs: config.HEALTH_CHECK_TIMEOUT_MS,
      userAgent: userAgentOf(config),
      resolver: config.outboundResolver,
    }),
    clickedRecently(db, row.id, now),
  ]);
  incrementCounter(METRICS.destinationChecks, {
    result: result.outcome === "failure" ? (result.error ?? "http_status") : result.outcome,
    trigger,
  });
  const health = nextHealth(healthOf(row), result, row.originalUrl, config, Date.now(), recent);
  const stored = await storeHealth(db, row.id, row.originalUrl, health);
  if (stored) {
    // The redirect caches keep whether the destination is broken (for fallback_url and the link-rot
    // count): the record is dropped whenever that changes. Any stored check changes the url's JSON.
    const brokenChanged = (row.healthState === "broken") !== (stored.healthState === "broken");
    const codes = brokenChanged ? [linkKey(stored.domainId, stored.shortCode)] : [];
    await invalidateCaches(cache, { urls: [row.id], lists: ["urls"], links: codes }, requestId);
  }
  return { row: stored, health };
}
