import { integer, pgTable, primaryKey, timestamp, varchar } from "drizzle-orm/pg-core";
import { urls } from "./urls";

// Clicks counted per link, per time bucket and per dimension, written by the click consumer in the
// same statement as the raw rows (worker/services/clicks/click-rollups.ts says which dimensions).
// Stats and per-link alerts read these, never the raw clicks, so their cost follows the length of
// the period and the number of distinct values, not the number of clicks; and they outlive the raw
// clicks' retention. A missing value (no country, the link's own destination) is the key "".
function rollupTable(name: string) {
  return pgTable(
    name,
    {
      urlId: integer("url_id")
        .notNull()
        .references(() => urls.id, { onDelete: "cascade" }),
      /** The start of the bucket (UTC hour or UTC day). */
      bucket: timestamp("bucket", { withTimezone: true }).notNull(),
      dimension: varchar("dimension", { length: 16 }).notNull(),
      key: varchar("key", { length: 255 }).notNull(),
      clicks: integer("clicks").notNull(),
    },
    // Dimension before bucket: one dimension of one link over a window is one contiguous range (the
    // series reads class and unique only, the anomaly checks a link's human clicks by hour).
    (table) => [primaryKey({ columns: [table.urlId, table.dimension, table.bucket, table.key] })],
  );
}

export const clickRollupsHourly = rollupTable("click_rollups_hourly");
export const clickRollupsDaily = rollupTable("click_rollups_daily");

// Every click of a link since it was created, per dimension and value: what a stats request over the
// link's whole life reads for its breakdowns, so that answer costs the same at ten clicks or a million.
export const clickTotals = pgTable(
  "click_totals",
  {
    urlId: integer("url_id")
      .notNull()
      .references(() => urls.id, { onDelete: "cascade" }),
    dimension: varchar("dimension", { length: 16 }).notNull(),
    key: varchar("key", { length: 255 }).notNull(),
    clicks: integer("clicks").notNull(),
  },
  (table) => [primaryKey({ columns: [table.urlId, table.dimension, table.key] })],
);
