import { integer, jsonb, pgTable, primaryKey, smallint, timestamp } from "drizzle-orm/pg-core";
import { urls } from "./urls";

/**
 * Clicks of one link in one bucket, by value of every other dimension (country, device, referrer,
 * source, rule, variant): {"country": {"DE": 3, "": 1}, ...}, the key "" for "none".
 */
export type ClickBreakdowns = Record<string, Record<string, number>>;

// The counts every rollup row holds: clicks by class (they add up to `clicks`), unique human
// clicks, and the breakdowns. One row per link and bucket, so a link with a single click costs one
// row per table, and a link with a million clicks no more rows than it has buckets.
const counts = () => ({
  clicks: integer("clicks").notNull(),
  human: integer("human").notNull(),
  bot: integer("bot").notNull(),
  preview: integer("preview").notNull(),
  head: integer("head").notNull(),
  prefetch: integer("prefetch").notNull(),
  unique: integer("unique").notNull(),
  breakdowns: jsonb("breakdowns").$type<ClickBreakdowns>().notNull(),
});

const urlId = () =>
  integer("url_id")
    .notNull()
    .references(() => urls.id, { onDelete: "cascade" });

// Written by the click consumer in the same statement as the raw rows (worker/services/clicks/
// click-rollups.ts). Stats and per-link alerts read these, never the raw clicks, so their cost
// follows the length of the window, not the number of clicks; and they outlive the raw clicks.
function rollupTable(name: string) {
  return pgTable(
    name,
    {
      urlId: urlId(),
      /** The start of the bucket (UTC hour or UTC day). */
      bucket: timestamp("bucket", { withTimezone: true }).notNull(),
      ...counts(),
    },
    (table) => [primaryKey({ columns: [table.urlId, table.bucket] })],
  );
}

export const clickRollupsHourly = rollupTable("click_rollups_hourly");
export const clickRollupsDaily = rollupTable("click_rollups_daily");

/**
 * How many rows a link's whole-life counts are spread over: each consumer batch adds to one shard,
 * chosen at random, so two batches of a viral link rarely wait for the same row's lock (ADR 26).
 */
export const CLICK_COUNT_SHARDS = 8;

// Every click of a link since it was created, in up to CLICK_COUNT_SHARDS rows summed on read: what a
// stats request over the link's whole life reads for its breakdowns, so that answer costs the same at
// ten clicks or a million.
export const clickTotals = pgTable(
  "click_totals",
  { urlId: urlId(), shard: smallint("shard").notNull().default(0), ...counts() },
  (table) => [primaryKey({ columns: [table.urlId, table.shard] })],
);

// Human clicks of links without a click cap, not yet added to urls.clicks_used: the consumer adds to
// a shard here instead of rewriting the link's wide, much indexed row in every batch, and the cron
// folds them into clicks_used each minute (ADR 26). A capped link's clicks_used is written at once
// (its cap, clicks_remaining and link.exhausted need it), and setting a cap folds the link's first.
export const clickCountDeltas = pgTable(
  "click_count_deltas",
  { urlId: urlId(), shard: smallint("shard").notNull(), human: integer("human").notNull() },
  (table) => [primaryKey({ columns: [table.urlId, table.shard] })],
);
