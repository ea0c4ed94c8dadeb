import { boolean, index, integer, pgTable, primaryKey, smallint, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { urls } from "./urls";

// One row per redirect served, written by the click queue's consumer. The id and the time come from the
// redirect itself, so a redelivered message never adds a second row. The table is partitioned by day on
// clicked_at (migration 0023, ADR 25): drizzle cannot say PARTITION BY, so this describes the parent, whose
// primary key must hold the partition key.
export const clicks = pgTable(
  "clicks",
  {
    id: uuid("id").notNull(),
    urlId: integer("url_id")
      .notNull()
      .references(() => urls.id, { onDelete: "cascade" }),
    clickedAt: timestamp("clicked_at", { withTimezone: true }).notNull(),
    referrerHost: varchar("referrer_host", { length: 255 }),
    country: varchar("country", { length: 8 }),
    colo: varchar("colo", { length: 8 }),
    deviceClass: varchar("device_class", { length: 16 }).notNull(),
    // Bounded labels of the User-Agent (worker/domain/agent-labels.ts), never the string itself; null:
    // not recorded (Global Privacy Control, or a click from before they were).
    browser: varchar("browser", { length: 16 }),
    os: varchar("os", { length: 16 }),
    clickClass: varchar("click_class", { length: 16 }).notNull(),
    // Which of the link's rules (its index) and which of that rule's variants served the click.
    ruleIndex: smallint("rule_index"),
    variantIndex: smallint("variant_index"),
    // Where the click came from when the short URL said (ls_src): "qr" for a scanned QR code.
    source: varchar("source", { length: 16 }),
    // A human click from a visitor not seen on this link within the hour (decided by the consumer
    // from a keyed hash kept in Redis, never stored); null: not decided (older clicks, other classes).
    unique: boolean("is_unique"),
  },
  (table) => [
    primaryKey({ columns: [table.id, table.clickedAt] }),
    index("clicks_url_id_clicked_at_idx").on(table.urlId, table.clickedAt),
    // No index on clicked_at alone: a range of days is a set of partitions, and retention drops them.
  ],
);
