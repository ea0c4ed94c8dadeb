// What the hourly anomaly evaluation reads: which links to judge, their hourly clicks around the
// hour and the same hours of earlier weeks (from the rollups), when they were created, and whether
// their destination moved to another domain lately (from their audit events).
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import type { AnomalyConfig } from "../../config/anomaly-config";
import { registrableDomain } from "../../lib/registrable-domain";
import { HOUR_MS, WEEK_MS } from "../../lib/time";
import type { LinkActivity } from "./detect-anomalies";
import { imitatedDomain } from "./lookalike";

/** At most this many links are judged per hour (the busiest first); the rest are logged as skipped. */
export const MAX_LINKS_PER_RUN = 5_000;

/** The hours the detector reads for `hour`: the drop window, and the same hours of earlier weeks. */
export function hoursNeeded(hour: number, config: AnomalyConfig): number[] {
  const hours: number[] = [];
  for (let back = 0; back < config.ANOMALY_DROP_HOURS; back++) {
    for (let weeks = 0; weeks <= config.ANOMALY_BASELINE_WEEKS; weeks++)
      hours.push(hour - back * HOUR_MS - weeks * WEEK_MS);
  }
  return hours;
}

const isoArray = (times: number[]) => `{${times.map((time) => new Date(time).toISOString()).join(",")}}`;

/**
 * Links worth judging for `hour`: clicked in the hour or the drop window, busy enough in the same
 * hours of earlier weeks for a drop to matter, or with an anomaly still firing (to resolve it).
 */
export async function candidateLinks(db: Database, hour: number, config: AnomalyConfig): Promise<number[]> {
  const recent = Array.from({ length: config.ANOMALY_DROP_HOURS }, (_, back) => hour - back * HOUR_MS);
  const earlier = hoursNeeded(hour, config).filter((time) => !recent.includes(time));
  const result = await db.execute<{ url_id: number }>(sql`
    SELECT url_id FROM (
      SELECT url_id, sum(clicks) AS weight FROM click_rollups_hourly
      WHERE bucket = ANY(${isoArray(recent)}::timestamptz[]) GROUP BY url_id
      UNION ALL
      SELECT url_id, 0 FROM click_rollups_hourly
      WHERE bucket = ANY(${isoArray(earlier)}::timestamptz[]) AND human >= ${config.ANOMALY_DROP_MIN_BASELINE}
      UNION ALL
      SELECT url_id, 0 FROM link_anomalies WHERE state = 'firing'
    ) AS candidates
    GROUP BY url_id
    ORDER BY max(weight) DESC, url_id
    LIMIT ${MAX_LINKS_PER_RUN}`);
  return result.rows.map((row) => Number(row.url_id));
}

interface DestinationEvent {
  url_id: number;
  at: string | Date;
  details: string | null;
}

/** When each link's destination last moved to another registrable domain, within `since`. */
function domainChanges(events: DestinationEvent[], since: number): Map<number, number> {
  const changes = new Map<number, number>();
  const previous = new Map<number, string>();
  for (const event of events) {
    let destination: unknown;
    try {
      destination = event.details ? (JSON.parse(event.details) as { original_url?: unknown }).original_url : undefined;
    } catch {
      continue;
    }
    if (typeof destination !== "string") continue;
    const urlId = Number(event.url_id);
    let domain: string;
    try {
      domain = registrableDomain(new URL(destination).hostname);
    } catch {
      continue;
    }
    const before = previous.get(urlId);
    const at = new Date(event.at).getTime();
    if (before !== undefined && before !== domain && at >= since) changes.set(urlId, at);
    previous.set(urlId, domain);
  }
  return changes;
}

/** Each candidate's activity: its hourly rollups in the hours needed, its age, its destination's history. */
export async function loadActivity(
  db: Database,
  urlIds: number[],
  hour: number,
  config: AnomalyConfig,
): Promise<Map<number, LinkActivity>> {
  if (urlIds.length === 0) return new Map();
  const ids = `{${urlIds.join(",")}}`;
  const since = hour + HOUR_MS - (config.ANOMALY_CHANGE_WINDOW_HOURS + 1) * HOUR_MS;
  const [rollups, links, events] = await db.batch([
    db.execute<{ url_id: number; bucket: string | Date; clicks: number; human: number; bot: number }>(sql`
      SELECT url_id, bucket, clicks, human, bot FROM click_rollups_hourly
      WHERE url_id = ANY(${ids}::int[]) AND bucket = ANY(${isoArray(hoursNeeded(hour, config))}::timestamptz[])`),
    db.execute<{ id: number; created_at: string | Date; original_url: string }>(sql`
      SELECT id, created_at, original_url FROM urls WHERE id = ANY(${ids}::int[])`),
    // Every destination each link had (created, then each change), oldest first: a change is told by
    // comparing with the one before, which may be older than the window.
    db.execute<{ url_id: number; at: string | Date; details: string | null }>(sql`
      SELECT url_id, "timestamp" AS at, details FROM events
      WHERE url_id = ANY(${ids}::int[]) AND event_type IN ('created', 'updated') AND details LIKE '%"original_url"%'
      ORDER BY url_id, "timestamp", id`),
  ]);
  const changes = domainChanges(events.rows, since);
  const activity = new Map<number, LinkActivity>();
  for (const link of links.rows) {
    const id = Number(link.id);
    activity.set(id, {
      hours: new Map(),
      createdAt: new Date(link.created_at).getTime(),
      domainChangedAt: changes.get(id) ?? null,
      imitates: imitatedDomain(link.original_url),
    });
  }
  for (const row of rollups.rows) {
    activity.get(Number(row.url_id))?.hours.set(new Date(row.bucket).getTime(), {
      clicks: Number(row.clicks),
      human: Number(row.human),
      bot: Number(row.bot),
    });
  }
  return activity;
}
