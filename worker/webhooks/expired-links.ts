// link.expired: no write marks the moment a link expires, so each minute the cron takes the links whose
// expires_at fell since its last look (a cursor in webhook_expiry_cursor) and writes their deliveries,
// in the same statement that moves the cursor: each expiry is announced once, even when runs overlap.
import { sql } from "drizzle-orm";
import { runCronJob } from "../cron/cron-job";
import { log } from "../observability/logger";

export async function announceExpiredLinks(env: Env): Promise<void> {
  await runCronJob(env, "webhook_expiry_scan_failed", async (database) => {
    const result = await database().execute<{ links: number }>(sql`
      WITH previous AS (SELECT scanned_until FROM webhook_expiry_cursor WHERE id = 1 FOR UPDATE),
      moved AS (
        UPDATE webhook_expiry_cursor AS cursor SET scanned_until = GREATEST(previous.scanned_until, now())
        FROM previous WHERE cursor.id = 1
        RETURNING previous.scanned_until AS since, cursor.scanned_until AS until
      )
      SELECT count(*)::int AS links FROM (
        SELECT linkscope_enqueue_link_event(u, 'link.expired', NULL, u.expires_at)
        FROM urls u, moved
        WHERE u.is_active AND u.expires_at > moved.since AND u.expires_at <= moved.until
      ) AS announced`);
    const links = Number(result.rows[0]?.links ?? 0);
    if (links > 0) log("info", "webhook_expiries_announced", { links });
  });
}
