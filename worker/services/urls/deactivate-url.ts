import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { notFound } from "../../lib/errors";

/**
 * Returns the link's short code. Soft delete: the link stops redirecting, its row and history stay.
 * One statement, so one round trip and atomic by itself: the row is locked, switched off only if it
 * was on, and only then is the "deleted" event written (deleting an inactive link changes nothing).
 */
export async function deactivateUrl(db: Database, id: number): Promise<string> {
  const result = await db.execute<{ short_code: string }>(sql`
    WITH current AS (SELECT id, short_code, is_active FROM urls WHERE id = ${id} FOR UPDATE),
    changed AS (
      UPDATE urls SET is_active = false, updated_at = now()
      FROM current WHERE urls.id = current.id AND current.is_active
      RETURNING urls.id, urls.short_code
    ),
    logged AS (
      INSERT INTO events (url_id, user_id, event_type, details)
      SELECT id, NULL, 'deleted', '{"short_code":' || to_json(short_code)::text || '}' FROM changed
    )
    SELECT short_code FROM current`);
  const [current] = result.rows;
  if (!current) throw notFound("url not found");
  return current.short_code;
}
