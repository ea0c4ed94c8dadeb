import { index, integer, pgTable, serial, timestamp, varchar } from "drizzle-orm/pg-core";
import { users } from "./users.ts";

// A sign-in link's token: 256 random bits, kept only as its SHA-256; single use, short-lived. The
// address it was sent to is kept (the person it signs in), never the token.
export const signInTokens = pgTable(
  "sign_in_tokens",
  {
    id: serial("id").primaryKey(),
    tokenHash: varchar("token_hash", { length: 64 }).notNull().unique("sign_in_tokens_token_hash_unique"),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (table) => [index("sign_in_tokens_expires_at_idx").on(table.expiresAt)],
);

// A signed-in person's session: the cookie holds 256 random bits, the row only their SHA-256. The id is
// public (listed, revoked by it); the secret never leaves the cookie.
export const sessions = pgTable(
  "sessions",
  {
    id: serial("id").primaryKey(),
    secretHash: varchar("secret_hash", { length: 64 }).notNull().unique("sessions_secret_hash_unique"),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    // Moved forward as the session is used (at most once a minute): the idle expiry.
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    // However it is used, the session ends here: the absolute expiry.
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    // What the person sees when listing their sessions: the browser's own words, cut to 200 characters.
    userAgent: varchar("user_agent", { length: 200 }),
  },
  (table) => [index("sessions_user_id_idx").on(table.userId)],
);

export type SignInTokenRow = typeof signInTokens.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
