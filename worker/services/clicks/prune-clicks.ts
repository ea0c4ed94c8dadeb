// Raw clicks older than the retention period go, oldest first, in bounded batches (each one short
// statement, so the table is never locked for long); their rollups stay.
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";

/** Rows per DELETE, and DELETEs per cron run: at most 100,000 rows a minute. */
export const PRUNE_BATCH_ROWS = 5_000;
export const PRUNE_MAX_BATCHES = 20;

/** Deletes clicks before `cutoff`; returns how many went. Stops at the first batch that was not full. */
export async function deleteClicksBefore(db: Database, cutoff: Date, batchRows = PRUNE_BATCH_ROWS): Promise<number> {
  let deleted = 0;
  for (let batch = 0; batch < PRUNE_MAX_BATCHES; batch++) {
    const result = await db.execute<{ deleted: number }>(sql`
      WITH doomed AS (
        SELECT id FROM clicks WHERE clicked_at < ${cutoff.toISOString()}::timestamptz ORDER BY clicked_at LIMIT ${batchRows}
      ), gone AS (
        DELETE FROM clicks USING doomed WHERE clicks.id = doomed.id RETURNING 1
      )
      SELECT count(*)::int AS deleted FROM gone`);
    const rows = Number(result.rows[0]?.deleted ?? 0);
    deleted += rows;
    if (rows < batchRows) break;
  }
  return deleted;
}
