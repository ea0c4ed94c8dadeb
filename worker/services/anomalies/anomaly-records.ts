// The stored life of each link's anomaly alerts (db/schema/link-anomalies.ts), the hourly runs'
// claims, and the emails still owed.
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import type { AlertProgress, AlertStateName, NotificationKind } from "../alerts/state-machine";
import type { AnomalyKind } from "./detect-anomalies";

export interface AnomalyRecord extends AlertProgress {
  urlId: number;
  kind: AnomalyKind;
  pendingNotice: NotificationKind | null;
}

interface AnomalyRow extends Record<string, unknown> {
  url_id: number;
  kind: AnomalyKind;
  state: AlertStateName;
  since: string | Date | null;
  episode: number;
  consecutive: number;
  value: number | null;
  threshold: number;
  detail: string;
  evaluated_at: string | Date | null;
  notified_at: string | Date | null;
  pending_notice: NotificationKind | null;
}

const epoch = (value: string | Date | null) => (value === null ? null : new Date(value).getTime());
const iso = (value: number | null) => (value === null ? null : new Date(value).toISOString());

function fromRow(row: AnomalyRow): AnomalyRecord {
  return {
    urlId: Number(row.url_id),
    kind: row.kind,
    state: row.state,
    since: epoch(row.since),
    episode: Number(row.episode),
    consecutive: Number(row.consecutive),
    lastValue: row.value === null ? null : Number(row.value),
    threshold: Number(row.threshold),
    detail: row.detail,
    lastEvaluatedAt: epoch(row.evaluated_at),
    lastNotifiedAt: epoch(row.notified_at),
    pendingNotice: row.pending_notice,
  };
}

/** Claims the evaluation of an hour: true for the one caller that gets it. */
export async function claimAnomalyRun(db: Database, hour: number): Promise<boolean> {
  const result = await db.execute<{ hour: string }>(sql`
    INSERT INTO anomaly_runs (hour, links) VALUES (${new Date(hour).toISOString()}::timestamptz, 0)
    ON CONFLICT (hour) DO NOTHING RETURNING hour`);
  return result.rows.length === 1;
}

/** Gives a claimed hour back (its evaluation failed), so the next cron run tries again. */
export async function releaseAnomalyRun(db: Database, hour: number): Promise<void> {
  await db.execute(
    sql`DELETE FROM anomaly_runs WHERE hour = ${new Date(hour).toISOString()}::timestamptz AND finished_at IS NULL`,
  );
}

export async function loadAnomalyRecords(db: Database, urlIds: number[]): Promise<Map<string, AnomalyRecord>> {
  if (urlIds.length === 0) return new Map();
  const result = await db.execute<AnomalyRow>(
    sql`SELECT * FROM link_anomalies WHERE url_id = ANY(${`{${urlIds.join(",")}}`}::int[])`,
  );
  return new Map(result.rows.map((row) => [`${row.url_id}:${row.kind}`, fromRow(row)]));
}

/** Stores records and marks the hour's run finished (with how many links it judged), in one statement. */
export async function saveAnomalyRecords(
  db: Database,
  records: AnomalyRecord[],
  hour: number,
  links: number,
): Promise<void> {
  const rows = JSON.stringify(
    records.map((record) => ({
      url_id: record.urlId,
      kind: record.kind,
      state: record.state,
      since: iso(record.since),
      episode: record.episode,
      consecutive: record.consecutive,
      value: record.lastValue,
      threshold: record.threshold,
      detail: record.detail,
      evaluated_at: iso(record.lastEvaluatedAt),
      notified_at: iso(record.lastNotifiedAt),
      pending_notice: record.pendingNotice,
    })),
  );
  await db.execute(sql`
    WITH saved AS (
      INSERT INTO link_anomalies AS anomaly (url_id, kind, state, since, episode, consecutive, value, threshold,
                                             detail, evaluated_at, notified_at, pending_notice, pending_since)
      SELECT url_id, kind, state, since, episode, consecutive, value, threshold, detail, evaluated_at, notified_at,
             pending_notice, CASE WHEN pending_notice IS NOT NULL THEN now() END
      FROM jsonb_to_recordset(${rows}::jsonb) AS r(url_id int, kind text, state text, since timestamptz, episode int,
           consecutive int, value float8, threshold float8, detail text, evaluated_at timestamptz,
           notified_at timestamptz, pending_notice text)
      -- A link deleted since it was read has nothing left to alert on.
      WHERE EXISTS (SELECT 1 FROM urls WHERE urls.id = r.url_id)
      ON CONFLICT (url_id, kind) DO UPDATE SET
        state = excluded.state, since = excluded.since, episode = excluded.episode,
        consecutive = excluded.consecutive, value = excluded.value, threshold = excluded.threshold,
        detail = excluded.detail, evaluated_at = excluded.evaluated_at, notified_at = excluded.notified_at,
        pending_notice = coalesce(excluded.pending_notice, anomaly.pending_notice),
        pending_since = CASE WHEN excluded.pending_notice IS NOT NULL THEN now() ELSE anomaly.pending_since END
      RETURNING 1
    )
    UPDATE anomaly_runs SET finished_at = now(), links = ${links} WHERE hour = ${new Date(hour).toISOString()}::timestamptz`);
}

/** An email owed for a transition, with where it goes. */
export interface PendingNotice {
  record: AnomalyRecord;
  shortCode: string;
  destination: string;
  ownerEmail: string | null;
}

/**
 * Emails owed, oldest first: those of `urlIds` (the run that just judged them), or else those owed
 * for at least `olderThanMs` (a run's failed sends, retried by a later one).
 */
export async function pendingNotices(
  db: Database,
  limit: number,
  which: { urlIds: number[] } | { olderThanMs: number },
): Promise<PendingNotice[]> {
  const scope =
    "urlIds" in which
      ? sql`anomaly.url_id = ANY(${`{${which.urlIds.join(",")}}`}::int[])`
      : sql`anomaly.pending_since < now() - ${`${Math.round(which.olderThanMs)} milliseconds`}::interval`;
  const result = await db.execute<AnomalyRow & { short_code: string; original_url: string; email: string | null }>(sql`
    SELECT anomaly.*, urls.short_code, urls.original_url, users.email
    FROM link_anomalies AS anomaly
    JOIN urls ON urls.id = anomaly.url_id
    LEFT JOIN users ON users.id = urls.user_id
    WHERE anomaly.pending_notice IS NOT NULL AND ${scope}
    ORDER BY anomaly.pending_since, anomaly.url_id, anomaly.kind
    LIMIT ${limit}`);
  return result.rows.map((row) => ({
    record: fromRow(row),
    shortCode: row.short_code,
    destination: row.original_url,
    ownerEmail: row.email,
  }));
}

/** The email for this transition went (or had nowhere to go): it is no longer owed. */
export async function clearNotice(db: Database, record: AnomalyRecord): Promise<void> {
  await db.execute(sql`
    UPDATE link_anomalies SET pending_notice = NULL, pending_since = NULL
    WHERE url_id = ${record.urlId} AND kind = ${record.kind} AND pending_notice = ${record.pendingNotice}
      AND episode = ${record.episode}`);
}
