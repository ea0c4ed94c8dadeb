import { boolean, index, integer, pgTable, serial, timestamp, varchar } from "drizzle-orm/pg-core";
import { ORIGINAL_URL_MAX_LENGTH, SHORT_CODE_MAX_LENGTH, TITLE_MAX_LENGTH } from "../../worker/lib/limits.ts";
import { users } from "./users.ts";

export const urls = pgTable(
  "urls",
  {
    id: serial("id").primaryKey(),
    // RESTRICT: a user who still owns links cannot be deleted (the API answers 409).
    userId: integer("user_id").references(() => users.id, { onDelete: "restrict" }),
    shortCode: varchar("short_code", { length: SHORT_CODE_MAX_LENGTH }).notNull().unique("urls_short_code_unique"),
    originalUrl: varchar("original_url", { length: ORIGINAL_URL_MAX_LENGTH }).notNull(),
    title: varchar("title", { length: TITLE_MAX_LENGTH }),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("urls_user_id_is_active_idx").on(table.userId, table.isActive),
    index("urls_is_active_idx").on(table.isActive),
  ],
);

export type UrlRow = typeof urls.$inferSelect;
export type NewUrlRow = typeof urls.$inferInsert;
