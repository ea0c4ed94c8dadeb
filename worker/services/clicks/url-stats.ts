// Click statistics of one link: the total and breakdowns by day (UTC), referrer host, country,
// device class and click class, each from one grouped query on the clicks table.
import { count, desc, eq, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Database } from "../../../db/client";
import { clicks } from "../../../db/schema";

export const TOP_ENTRIES = 50;

export interface Breakdown {
  key: string | null;
  clicks: number;
}

async function breakdown(db: Database, urlId: number, column: PgColumn) {
  const rows = await db
    .select({ key: column, clicks: count() })
    .from(clicks)
    .where(eq(clicks.urlId, urlId))
    .groupBy(column)
    .orderBy(desc(count()))
    .limit(TOP_ENTRIES);
  return rows.map((row) => ({ key: row.key === null ? null : String(row.key), clicks: Number(row.clicks) }));
}

export async function urlStats(db: Database, urlId: number) {
  const day = sql<string>`to_char(${clicks.clickedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
  const [total] = await db.select({ clicks: count() }).from(clicks).where(eq(clicks.urlId, urlId));
  const byDay = await db
    .select({ key: day, clicks: count() })
    .from(clicks)
    .where(eq(clicks.urlId, urlId))
    .groupBy(day)
    .orderBy(day);
  return {
    total: Number(total?.clicks ?? 0),
    by_day: byDay.map((row) => ({ day: String(row.key), clicks: Number(row.clicks) })),
    by_referrer: (await breakdown(db, urlId, clicks.referrerHost)).map(({ key, clicks: n }) => ({
      referrer: key,
      clicks: n,
    })),
    by_country: (await breakdown(db, urlId, clicks.country)).map(({ key, clicks: n }) => ({ country: key, clicks: n })),
    by_device: (await breakdown(db, urlId, clicks.deviceClass)).map(({ key, clicks: n }) => ({
      device: key,
      clicks: n,
    })),
    by_class: (await breakdown(db, urlId, clicks.clickClass)).map(({ key, clicks: n }) => ({ class: key, clicks: n })),
  };
}
