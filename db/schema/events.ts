import { index, integer, pgTable, serial, text, timestamp, varchar } from "drizzle-orm/pg-core";
import { EVENT_TYPE_MAX_LENGTH } from "../../worker/lib/limits";
import { urls } from "./urls";
import { users } from "./users";

export const events = pgTable(
  "events",
  {
    id: serial("id").primaryKey(),
    // RESTRICT: the audit trail outlives nothing it describes; urls are soft-deleted, never removed.
    urlId: integer("url_id")
      .notNull()
      .references(() => urls.id, { onDelete: "restrict" }),
    // SET NULL: deleting a user keeps the audit events they caused, without the dangling actor.
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    eventType: varchar("event_type", { length: EVENT_TYPE_MAX_LENGTH }).notNull(),
    timestamp: timestamp("timestamp", { withTimezone: true }).notNull().defaultNow(),
    details: text("details"),
  },
  (table) => [
    index("events_url_id_idx").on(table.urlId),
    index("events_user_id_idx").on(table.userId),
    index("events_event_type_idx").on(table.eventType),
  ],
);

export type EventRow = typeof events.$inferSelect;
export type NewEventRow = typeof events.$inferInsert;
