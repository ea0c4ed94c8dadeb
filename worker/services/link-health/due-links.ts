// Which links' destinations are due for a check, leased so that the next minute's cron does not
// enqueue them again while they wait in the queue; and pushing one back when its host is busy.
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";

/** A leased link is enqueued again only if its check has not happened within this time. */
export const LEASE_MS = 30 * 60_000;

export interface DueLink {
  id: number;
  destination: string;
}

/** Up to `limit` active links whose check is due (never checked first), leased for LEASE_MS. */
export async function leaseDueLinks(db: Database, now: number, limit: number): Promise<DueLink[]> {
  if (limit <= 0) return [];
  const result = await db.execute<{ id: number; original_url: string }>(sql`
    UPDATE urls SET health_next_check_at = ${new Date(now + LEASE_MS).toISOString()}::timestamptz
    WHERE id IN (
      SELECT id FROM urls
      WHERE is_active AND (health_next_check_at IS NULL OR health_next_check_at <= ${new Date(now).toISOString()}::timestamptz)
      ORDER BY health_next_check_at NULLS FIRST, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, original_url`);
  return result.rows.map((row) => ({ id: Number(row.id), destination: row.original_url }));
}

/** The link's host was checked moments ago: its check waits for a later cron run. */
export async function postponeCheck(db: Database, id: number, until: number): Promise<void> {
  await db.execute(
    sql`UPDATE urls SET health_next_check_at = ${new Date(until).toISOString()}::timestamptz WHERE id = ${id}`,
  );
}
