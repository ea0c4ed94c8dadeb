import { date, integer, pgTable, timestamp } from "drizzle-orm/pg-core";

// The days whose link-health digest went out: the cron runs every minute, each day's digest is sent once.
export const healthDigests = pgTable("health_digests", {
  day: date("day").primaryKey(),
  emails: integer("emails").notNull(),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
});
