// A link's health in its row (db/schema/urls.ts, health_*): read as the checker's LinkHealth,
// written after each check, reset when the destination changes.
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type UrlRow, urls } from "../../../db/schema";
import { ORIGINAL_URL_MAX_LENGTH } from "../../lib/limits";
import { epochMs, WEEK_MS } from "../../lib/time";
import type { LinkHealth } from "./next-health";

/** The health columns of a link whose destination was never checked (due at once). */
export const UNCHECKED_HEALTH = {
  healthState: "unknown",
  healthCheckedAt: null,
  healthStatus: null,
  healthFinalUrl: null,
  healthHops: null,
  healthLatencyMs: null,
  healthError: null,
  healthFailures: 0,
  healthFirstFailureAt: null,
  healthNextCheckAt: null,
  healthChangedAt: null,
} as const;

export function healthOf(row: UrlRow): LinkHealth {
  return {
    state: row.healthState,
    checkedAt: epochMs(row.healthCheckedAt),
    status: row.healthStatus,
    finalUrl: row.healthFinalUrl,
    hops: row.healthHops,
    latencyMs: row.healthLatencyMs,
    error: row.healthError,
    failures: row.healthFailures,
    firstFailureAt: epochMs(row.healthFirstFailureAt),
    nextCheckAt: epochMs(row.healthNextCheckAt),
  };
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * Stores a check's outcome, unless the destination changed while it ran (the check was of the old
 * one). Returns the row as stored, or undefined when it was not.
 */
export async function storeHealth(
  db: Database,
  urlId: number,
  checkedDestination: string,
  health: LinkHealth,
): Promise<UrlRow | undefined> {
  const [row] = await db
    .update(urls)
    .set({
      healthState: health.state,
      healthCheckedAt: date(health.checkedAt),
      healthStatus: health.status,
      healthFinalUrl: health.finalUrl?.slice(0, ORIGINAL_URL_MAX_LENGTH) ?? null,
      healthHops: health.hops,
      healthLatencyMs: health.latencyMs === null ? null : Math.round(health.latencyMs),
      healthError: health.error,
      healthFailures: health.failures,
      healthFirstFailureAt: date(health.firstFailureAt),
      healthNextCheckAt: date(health.nextCheckAt),
      // Kept while the state holds: the digest asks when a link became broken or moved.
      healthChangedAt: sql`CASE WHEN ${urls.healthState} = ${health.state} THEN ${urls.healthChangedAt} ELSE now() END`,
    })
    .where(sql`${urls.id} = ${urlId} AND ${urls.originalUrl} = ${checkedDestination}`)
    .returning();
  return row;
}

/**
 * Claims the one on-demand check a link may have per `cooldownMs`, atomically: one conditional UPDATE
 * marks the check as started, so of any number of concurrent requests exactly one gets true (the
 * others wait on the row's lock, then find it checked a moment ago). A check's result, when stored,
 * replaces the mark with its own time.
 */
export async function claimManualCheck(db: Database, urlId: number, now: number, cooldownMs: number): Promise<boolean> {
  const result = await db.execute(sql`
    UPDATE urls SET health_checked_at = ${new Date(now).toISOString()}::timestamptz
    WHERE id = ${urlId}
      AND (health_checked_at IS NULL OR health_checked_at <= ${new Date(now - cooldownMs).toISOString()}::timestamptz)
    RETURNING id`);
  return result.rows.length === 1;
}

/** Whether a link had a human click in the last 7 days (from its daily rollups): it is checked more often. */
export async function clickedRecently(db: Database, urlId: number, now: number): Promise<boolean> {
  const since = new Date(now - WEEK_MS).toISOString();
  const result = await db.execute<{ clicked: boolean }>(sql`
    SELECT EXISTS (SELECT 1 FROM click_rollups_daily WHERE url_id = ${urlId} AND bucket >= ${since}::timestamptz
                   AND human > 0) AS clicked`);
  return result.rows[0]?.clicked === true;
}
