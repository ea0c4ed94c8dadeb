// Click statistics of one link over a window, read from the rollups (db/schema/click-rollups.ts),
// never from the raw clicks: the cost follows the window's length and the number of distinct
// values in it, not the number of clicks; over the link's whole life the breakdowns come from its
// totals. Two grouped queries sent as one batch (one round trip): the series (totals per bucket)
// and the top values of every breakdown.
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { clickRollupsDaily, clickRollupsHourly, clickTotals } from "../../../db/schema";
import { DAY_MS, HOUR_MS } from "../../lib/time";
import { BREAKDOWN_DIMENSIONS, type BreakdownDimension, CLASS_COLUMNS } from "./click-rollups";

export const TOP_ENTRIES = 50;

export type Granularity = "hour" | "day";

/** Buckets of one granularity: [from, to), both on bucket boundaries. */
export interface StatsWindow {
  from: Date;
  to: Date;
  granularity: Granularity;
  /**
   * Every click the link ever had (the default): breakdowns come from its totals, whatever its age,
   * and the series starts at its first click if that is before `from` (an imported history).
   */
  wholeLife: boolean;
}

const TABLES = { hour: clickRollupsHourly, day: clickRollupsDaily } as const;
export const BUCKET_MS: Record<Granularity, number> = { hour: HOUR_MS, day: DAY_MS };

type Breakdowns = Record<BreakdownDimension, Map<string, number>>;

/** Entries most clicked first; the rollups' "" key (no value) is null. */
const entriesOf = (values: Map<string, number>) =>
  [...values].map(([key, clicks]) => ({ key: key === "" ? null : key, clicks })).sort((a, b) => b.clicks - a.clicks);

/** The top TOP_ENTRIES values of every breakdown dimension, from the window's rollups or the totals. */
function topValues(db: Database, urlId: number, window: StatsWindow) {
  const table = window.wholeLife ? clickTotals : TABLES[window.granularity];
  // Only the rollups have buckets: the totals are the whole life.
  const inWindow =
    "bucket" in table
      ? sql`AND ${table.bucket} >= ${window.from.toISOString()}::timestamptz AND ${table.bucket} < ${window.to.toISOString()}::timestamptz`
      : sql``;
  return db.execute<{ top: [dimension: string, key: string, clicks: number][] | null }>(sql`
    SELECT json_agg(json_build_array(dimension, key, clicks)) AS top FROM (
      SELECT dimension, key, clicks, row_number() OVER (PARTITION BY dimension ORDER BY clicks DESC, key) AS rank
      FROM (
        SELECT per_dimension.key AS dimension, per_value.key AS key, sum(per_value.value::int)::int AS clicks
        FROM ${table}, jsonb_each(${table.breakdowns}) AS per_dimension, jsonb_each_text(per_dimension.value) AS per_value
        WHERE ${table.urlId} = ${urlId} ${inWindow}
        GROUP BY 1, 2
      ) AS summed
    ) AS ranked
    WHERE rank <= ${TOP_ENTRIES}`);
}

type SeriesRow = [start: number, clicks: number, human: number, unique: number, ...classes: number[]];

/** Per bucket (its start in epoch seconds): clicks, human, unique, then every class; buckets with clicks only. */
function seriesOf(db: Database, urlId: number, window: StatsWindow) {
  const table = TABLES[window.granularity];
  // A whole-life series has no lower bound: it starts at the first click.
  const since = window.wholeLife ? sql`` : sql`AND ${table.bucket} >= ${window.from.toISOString()}::timestamptz`;
  const classes = sql.join(
    CLASS_COLUMNS.map((kind) => sql.identifier(kind)),
    sql`, `,
  );
  return db.execute<{ series: SeriesRow[] | null }>(sql`
    SELECT json_agg(json_build_array(extract(epoch FROM ${table.bucket})::bigint, ${table.clicks}, ${table.human},
                                     ${table.unique}, ${classes}) ORDER BY ${table.bucket}) AS series
    FROM ${table}
    WHERE ${table.urlId} = ${urlId} ${since} AND ${table.bucket} < ${window.to.toISOString()}::timestamptz`);
}

/** A bucket's clicks of each class but human (already a field of its own), from the series row's class columns. */
function classesOf(classes: number[] | undefined) {
  const of = (kind: (typeof CLASS_COLUMNS)[number]) => classes?.[CLASS_COLUMNS.indexOf(kind)] ?? 0;
  return { bot: of("bot"), preview: of("preview"), head: of("head"), prefetch: of("prefetch") };
}

/** What a caller may ask beyond the API's answer. */
export interface StatsOptions {
  /** Every bucket also says its clicks of each class but human (bot, preview, head, prefetch): the web app's chart. */
  classesPerBucket?: boolean;
}

export async function urlStats(db: Database, urlId: number, window: StatsWindow, options: StatsOptions = {}) {
  // Each statement answers one row holding a JSON array: a few hundred rows mapped one by one (by the
  // driver, and by drizzle's select builder before that) cost more CPU than the queries themselves.
  const [seriesResult, topResult] = await db.batch([seriesOf(db, urlId, window), topValues(db, urlId, window)]);
  const series = seriesResult.rows[0]?.series ?? [];
  const top = topResult.rows[0]?.top ?? [];

  const firstBucket = series[0] ? series[0][0] * 1000 : Number.POSITIVE_INFINITY;
  const from = new Date(Math.min(window.from.getTime(), firstBucket));
  const byBucket = new Map(
    series.map(([start, clicks, human, unique, ...classes]) => [start * 1000, { clicks, human, unique, classes }]),
  );
  const totals = { clicks: 0, human: 0, unique: 0 };
  const points = [];
  // Every bucket of the window, empty ones at zero, so a chart needs no gap-filling.
  for (let at = from.getTime(); at < window.to.getTime(); at += BUCKET_MS[window.granularity]) {
    const row = byBucket.get(at);
    const point = {
      start: new Date(at).toISOString(),
      clicks: row?.clicks ?? 0,
      human: row?.human ?? 0,
      unique: row?.unique ?? 0,
      ...(options.classesPerBucket ? classesOf(row?.classes) : {}),
    };
    totals.clicks += point.clicks;
    totals.human += point.human;
    totals.unique += point.unique;
    points.push(point);
  }
  const byClass = new Map<string, number>();
  for (const [, , , , ...classes] of series) {
    CLASS_COLUMNS.forEach((kind, index) => {
      const clicks = classes[index] ?? 0;
      if (clicks > 0) byClass.set(kind, (byClass.get(kind) ?? 0) + clicks);
    });
  }

  const breakdowns = Object.fromEntries(BREAKDOWN_DIMENSIONS.map((dimension) => [dimension, new Map()])) as Breakdowns;
  for (const [dimension, key, clicks] of top) breakdowns[dimension as keyof Breakdowns]?.set(key, clicks);

  return {
    from: from.toISOString(),
    to: window.to.toISOString(),
    granularity: window.granularity,
    total: totals.clicks,
    human: totals.human,
    unique: totals.unique,
    series: points,
    // The seed-era shape, kept for day windows: only the days with clicks.
    ...(window.granularity === "day"
      ? {
          by_day: points
            .filter((point) => point.clicks > 0)
            .map((point) => ({ day: point.start.slice(0, 10), clicks: point.clicks })),
        }
      : {}),
    by_referrer: entriesOf(breakdowns.referrer).map(({ key, clicks }) => ({ referrer: key, clicks })),
    by_country: entriesOf(breakdowns.country).map(({ key, clicks }) => ({ country: key, clicks })),
    by_device: entriesOf(breakdowns.device).map(({ key, clicks }) => ({ device: key, clicks })),
    // null: not recorded (Global Privacy Control, or a message queued before browsers were).
    by_browser: entriesOf(breakdowns.browser).map(({ key, clicks }) => ({ browser: key, clicks })),
    by_os: entriesOf(breakdowns.os).map(({ key, clicks }) => ({ os: key, clicks })),
    by_class: entriesOf(byClass).map(({ key, clicks }) => ({ class: key, clicks })),
    // source null: the short URL itself (not a QR scan).
    by_source: entriesOf(breakdowns.source).map(({ key, clicks }) => ({ source: key, clicks })),
    // rule null: the link's own destination (no rule matched, or the link has none).
    by_rule: entriesOf(breakdowns.rule).map(({ key, clicks }) => ({ rule: key === null ? null : Number(key), clicks })),
    by_variant: entriesOf(breakdowns.variant)
      .map(({ key, clicks }) => {
        const [rule, variant] = (key ?? ":").split(":");
        return { rule: rule ? Number(rule) : null, variant: variant ? Number(variant) : null, clicks };
      })
      .sort((a, b) => (a.rule ?? -1) - (b.rule ?? -1) || (a.variant ?? -1) - (b.variant ?? -1)),
  };
}
