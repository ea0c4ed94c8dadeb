// Raw clicks live in one partition per UTC day (migration 0023, ADR 25): the cron makes sure the days
// ahead have theirs, and retention drops whole days (one statement, no row-by-row delete, no table
// bloat). Clicks of days without a partition wait in the default partition; its old rows go in bounded
// batches (each one short statement), oldest first. Rollups stay either way.
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";

/** Rows per DELETE of the default partition, and DELETEs per cron run: at most 100,000 rows a minute. */
export const PRUNE_BATCH_ROWS = 5_000;
export const PRUNE_MAX_BATCHES = 20;

/** The UTC day of a time, as Postgres reads a date ("2026-12-06"). */
export function utcDay(at: Date | number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Makes sure every UTC day from `fromDay` to `toDay` has its partition; returns how many were created. */
export async function ensureClickPartitions(db: Database, fromDay: string, toDay: string): Promise<number> {
  const result = await db.execute<{ created: number }>(
    sql`SELECT linkscope_ensure_click_partitions(${fromDay}::date, ${toDay}::date) AS created`,
  );
  return Number(result.rows[0]?.created ?? 0);
}

/** Drops the day partitions wholly before `beforeDay`, their clicks with them; returns how many. */
export async function dropClickPartitionsBefore(db: Database, beforeDay: string): Promise<number> {
  const result = await db.execute<{ dropped: number }>(
    sql`SELECT linkscope_drop_click_partitions(${beforeDay}::date) AS dropped`,
  );
  return Number(result.rows[0]?.dropped ?? 0);
}

/**
 * Deletes the default partition's clicks before `cutoff`; returns how many went. Stops at the first
 * batch that was not full.
 */
export async function deleteDefaultPartitionClicksBefore(
  db: Database,
  cutoff: Date,
  batchRows = PRUNE_BATCH_ROWS,
): Promise<number> {
  let deleted = 0;
  for (let batch = 0; batch < PRUNE_MAX_BATCHES; batch++) {
    const result = await db.execute<{ deleted: number }>(sql`
      WITH doomed AS (
        SELECT id, clicked_at FROM clicks_default WHERE clicked_at < ${cutoff.toISOString()}::timestamptz
        ORDER BY clicked_at LIMIT ${batchRows}
      ), gone AS (
        DELETE FROM clicks_default USING doomed
        WHERE clicks_default.id = doomed.id AND clicks_default.clicked_at = doomed.clicked_at RETURNING 1
      )
      SELECT count(*)::int AS deleted FROM gone`);
    const rows = Number(result.rows[0]?.deleted ?? 0);
    deleted += rows;
    if (rows < batchRows) break;
  }
  return deleted;
}
