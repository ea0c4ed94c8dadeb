// A link's health in its row (db/schema/urls.ts, health_*): read as the checker's LinkHealth,
// written after each check, reset when the destination changes. A check that changes the state also
// writes a `health_changed` audit event, in the same statement: the link's health history.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { events, type UrlRow, urls } from "../../../db/schema";
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

/** The audit event a check writes when it moves a link to another health state. */
export const HEALTH_CHANGED_EVENT = "health_changed";

/**
 * Stores a check's outcome, unless the destination changed while it ran (the check was of the old
 * one). Returns the row as stored, or undefined when it was not. When the state changes, one
 * `health_changed` event (details: from, to, status, error, final_url) is written by the same
 * statement: the row is locked first, so of two checks stored at once the second compares with the
 * first's state, and a check that keeps the state writes nothing.
 */
export async function storeHealth(
  db: Database,
  urlId: number,
  checkedDestination: string,
  health: LinkHealth,
): Promise<UrlRow | undefined> {
  const finalUrl = health.finalUrl?.slice(0, ORIGINAL_URL_MAX_LENGTH) ?? null;
  const previous = db.$with("previous").as(
    db
      .select({
        linkId: sql<number>`${urls.id}`.as("link_id"),
        linkWorkspaceId: sql<number>`${urls.workspaceId}`.as("link_workspace_id"),
        previousState: sql<string>`${urls.healthState}`.as("previous_state"),
      })
      .from(urls)
      .where(and(eq(urls.id, urlId), eq(urls.originalUrl, checkedDestination)))
      .for("update"),
  );
  const logged = db.$with("logged", { id: sql<number>`id` }).as(sql`
    INSERT INTO ${events} (url_id, workspace_id, actor_kind, event_type, details)
    SELECT link_id, link_workspace_id, 'system', ${HEALTH_CHANGED_EVENT},
           json_build_object('from', previous_state, 'to', ${health.state}::text, 'status', ${health.status}::int,
                             'error', ${health.error}::text, 'final_url', ${finalUrl}::text)::text
    FROM previous WHERE previous_state IS DISTINCT FROM ${health.state}::text
    RETURNING id`);
  const [row] = await db
    .with(previous, logged)
    .update(urls)
    .set({
      healthState: health.state,
      healthCheckedAt: date(health.checkedAt),
      healthStatus: health.status,
      healthFinalUrl: finalUrl,
      healthHops: health.hops,
      healthLatencyMs: health.latencyMs === null ? null : Math.round(health.latencyMs),
      healthError: health.error,
      healthFailures: health.failures,
      healthFirstFailureAt: date(health.firstFailureAt),
      healthNextCheckAt: date(health.nextCheckAt),
      // Kept while the state holds: the digest asks when a link became broken or moved.
      healthChangedAt: sql`CASE WHEN ${urls.healthState} = ${health.state} THEN ${urls.healthChangedAt} ELSE now() END`,
    })
    .from(previous)
    .where(eq(urls.id, previous.linkId))
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
