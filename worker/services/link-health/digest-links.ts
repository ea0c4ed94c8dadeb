// What the daily link-health digest reads and records: the links that became broken or moved in a
// window, with their owner's address; and the claim of each day's digest (sent once).
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";

/** A digest lists at most this many links (the rest are counted, and GET /urls?health= has them all). */
export const DIGEST_MAX_LINKS = 5_000;

export interface TurnedLink {
  id: number;
  shortCode: string;
  destination: string;
  state: "broken" | "moved";
  changedAt: string;
  status: number | null;
  error: string | null;
  finalUrl: string | null;
  ownerEmail: string | null;
}

export async function linksThatTurned(db: Database, since: number, until: number): Promise<TurnedLink[]> {
  const result = await db.execute<{
    id: number;
    short_code: string;
    original_url: string;
    health_state: "broken" | "moved";
    health_changed_at: string | Date;
    health_status: number | null;
    health_error: string | null;
    health_final_url: string | null;
    email: string | null;
  }>(sql`
    SELECT urls.id, urls.short_code, urls.original_url, urls.health_state, urls.health_changed_at,
           urls.health_status, urls.health_error, urls.health_final_url, users.email
    FROM urls LEFT JOIN users ON users.id = urls.user_id
    WHERE urls.is_active AND urls.health_state IN ('broken', 'moved')
      AND urls.health_changed_at > ${new Date(since).toISOString()}::timestamptz
      AND urls.health_changed_at <= ${new Date(until).toISOString()}::timestamptz
    ORDER BY users.email NULLS LAST, urls.id
    LIMIT ${DIGEST_MAX_LINKS}`);
  return result.rows.map((row) => ({
    id: Number(row.id),
    shortCode: row.short_code,
    destination: row.original_url,
    state: row.health_state,
    changedAt: new Date(row.health_changed_at).toISOString(),
    status: row.health_status,
    error: row.health_error,
    finalUrl: row.health_final_url,
    ownerEmail: row.email,
  }));
}

/** Claims a day's digest: true for the one caller that gets it. */
export async function claimDigest(db: Database, day: string): Promise<boolean> {
  const result = await db.execute<{ day: string }>(
    sql`INSERT INTO health_digests (day, emails) VALUES (${day}::date, 0) ON CONFLICT (day) DO NOTHING RETURNING day`,
  );
  return result.rows.length === 1;
}

export async function finishDigest(db: Database, day: string, emails: number): Promise<void> {
  await db.execute(sql`UPDATE health_digests SET emails = ${emails}, finished_at = now() WHERE day = ${day}::date`);
}

/** Gives the day back (its digest failed before sending anything), so a later run tries again. */
export async function releaseDigest(db: Database, day: string): Promise<void> {
  await db.execute(sql`DELETE FROM health_digests WHERE day = ${day}::date AND finished_at IS NULL`);
}
