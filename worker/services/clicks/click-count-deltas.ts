// Uncapped links' human clicks wait in click_count_deltas (a shard per consumer batch) until the cron
// adds them to urls.clicks_used, at most FOLD_LIMIT shard rows a minute (ADR 26). Rows a consumer
// holds at that moment are skipped, and folded the next minute.
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";

/** Shard rows folded per run: a minute's distinct links at a billion clicks a month are far fewer. */
export const FOLD_LIMIT = 50_000;

/** Adds the pending counts to clicks_used and forgets them, in one statement; how many links moved. */
export async function foldClickCounts(db: Database, limit = FOLD_LIMIT): Promise<number> {
  const result = await db.execute<{ links: number }>(sql`
    WITH taken AS (
      SELECT url_id, shard FROM click_count_deltas ORDER BY url_id, shard LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ), folded AS (
      DELETE FROM click_count_deltas AS pending USING taken
      WHERE pending.url_id = taken.url_id AND pending.shard = taken.shard
      RETURNING pending.url_id, pending.human
    ), per_link AS (
      SELECT url_id, sum(human)::int AS human FROM folded GROUP BY url_id
    ), moved AS (
      UPDATE urls SET clicks_used = urls.clicks_used + per_link.human
      FROM per_link WHERE urls.id = per_link.url_id
      RETURNING urls.id
    )
    SELECT count(*)::int AS links FROM moved`);
  return Number(result.rows[0]?.links ?? 0);
}
