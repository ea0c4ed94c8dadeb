// Click statistics of one link: the total and breakdowns by day (UTC), referrer host, country,
// device class, click class, source (a QR scan or not), and the rule and A/B variant that served
// each click: nine grouped queries sent as one batch, so one round trip.
import { and, count, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Database } from "../../../db/client";
import { clicks } from "../../../db/schema";

export const TOP_ENTRIES = 50;

function breakdown(db: Database, urlId: number, column: PgColumn) {
  return db
    .select({ key: column, clicks: count() })
    .from(clicks)
    .where(eq(clicks.urlId, urlId))
    .groupBy(column)
    .orderBy(desc(count()))
    .limit(TOP_ENTRIES);
}

const entries = (rows: { key: unknown; clicks: number }[]) =>
  rows.map((row) => ({ key: row.key === null ? null : String(row.key), clicks: Number(row.clicks) }));

export async function urlStats(db: Database, urlId: number) {
  const day = sql<string>`to_char(${clicks.clickedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
  const [[total], byDay, byReferrer, byCountry, byDevice, byClass, bySource, byRule, byVariant] = await db.batch([
    db.select({ clicks: count() }).from(clicks).where(eq(clicks.urlId, urlId)),
    db.select({ key: day, clicks: count() }).from(clicks).where(eq(clicks.urlId, urlId)).groupBy(day).orderBy(day),
    breakdown(db, urlId, clicks.referrerHost),
    breakdown(db, urlId, clicks.country),
    breakdown(db, urlId, clicks.deviceClass),
    breakdown(db, urlId, clicks.clickClass),
    breakdown(db, urlId, clicks.source),
    breakdown(db, urlId, clicks.ruleIndex),
    db
      .select({ rule: clicks.ruleIndex, variant: clicks.variantIndex, clicks: count() })
      .from(clicks)
      .where(and(eq(clicks.urlId, urlId), isNotNull(clicks.variantIndex)))
      .groupBy(clicks.ruleIndex, clicks.variantIndex)
      .orderBy(clicks.ruleIndex, clicks.variantIndex),
  ]);
  return {
    total: Number(total?.clicks ?? 0),
    by_day: byDay.map((row) => ({ day: String(row.key), clicks: Number(row.clicks) })),
    by_referrer: entries(byReferrer).map(({ key, clicks: n }) => ({ referrer: key, clicks: n })),
    by_country: entries(byCountry).map(({ key, clicks: n }) => ({ country: key, clicks: n })),
    by_device: entries(byDevice).map(({ key, clicks: n }) => ({ device: key, clicks: n })),
    by_class: entries(byClass).map(({ key, clicks: n }) => ({ class: key, clicks: n })),
    // source null: the short URL itself (not a QR scan).
    by_source: entries(bySource).map(({ key, clicks: n }) => ({ source: key, clicks: n })),
    // rule null: the link's own destination (no rule matched, or the link has none).
    by_rule: entries(byRule).map(({ key, clicks: n }) => ({ rule: key === null ? null : Number(key), clicks: n })),
    by_variant: byVariant.map((row) => ({ rule: row.rule, variant: row.variant, clicks: Number(row.clicks) })),
  };
}
