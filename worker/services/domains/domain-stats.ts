// What happened on one custom domain: its links, their clicks per UTC day (from the daily rollups of
// the links on it now), and the unknown codes asked for there (domain-misses.ts).
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { DAY_MS } from "../../lib/time";

export interface DomainClicksDay {
  day: string;
  clicks: number;
  human: number;
}

/** Links on the domain (every one, and the active ones) and their clicks per day over the window. */
export async function domainLinkStats(db: Database, domainId: number, days: number, now: number) {
  const from = new Date(Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS);
  const [links, clicks] = await db.batch([
    db.execute<{ total: number; active: number }>(sql`
      SELECT count(*)::int AS total, count(*) FILTER (WHERE is_active)::int AS active
      FROM urls WHERE domain_id = ${domainId}`),
    db.execute<{ day: string; clicks: number; human: number }>(sql`
      SELECT to_char(r.bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, sum(r.clicks)::int AS clicks,
             sum(r.human)::int AS human
      FROM click_rollups_daily r JOIN urls u ON u.id = r.url_id
      WHERE u.domain_id = ${domainId} AND r.bucket >= ${from.toISOString()}::timestamptz
      GROUP BY 1 ORDER BY 1`),
  ]);
  const byDay = new Map(clicks.rows.map((row) => [row.day, row]));
  // Every day of the window, empty ones at zero, so a chart needs no gap-filling.
  const series: DomainClicksDay[] = Array.from({ length: days }, (_, index) => {
    const day = new Date(from.getTime() + index * DAY_MS).toISOString().slice(0, 10);
    const row = byDay.get(day);
    return { day, clicks: Number(row?.clicks ?? 0), human: Number(row?.human ?? 0) };
  });
  const [counted] = links.rows;
  return {
    from: from.toISOString(),
    links: { total: Number(counted?.total ?? 0), active: Number(counted?.active ?? 0) },
    series,
  };
}
