import { index, integer, jsonb, pgTable, serial, timestamp, varchar } from "drizzle-orm/pg-core";
import type { Scope } from "../../worker/domain/permissions";
import { users } from "./users";
import { ownersWorkspace, workspaces } from "./workspaces";

// API keys are stored as SHA-256 hashes only (a key has 256 random bits, so a fast hash is safe);
// the public prefix finds the row, the hash is compared in constant time.
export const apiKeys = pgTable(
  "api_keys",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // The workspace the key acts in (keys made through /users/{id}/api-keys: the user's personal one).
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" })
      .$defaultFn(ownersWorkspace),
    prefix: varchar("prefix", { length: 32 }).notNull().unique("api_keys_prefix_unique"),
    keyHash: varchar("key_hash", { length: 64 }).notNull(),
    name: varchar("name", { length: 255 }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    // What the key may do (worker/domain/permissions.ts); null: every scope (keys made before scopes, and
    // /users/{id}/api-keys, the operator's).
    scopes: jsonb("scopes").$type<Scope[]>(),
    // The key stops working then; null: never.
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    // Moved forward at most once a minute, off the request's path.
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (table) => [index("api_keys_user_id_idx").on(table.userId), index("api_keys_workspace_id_idx").on(table.workspaceId)],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
