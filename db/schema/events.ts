import { index, integer, pgTable, serial, text, timestamp, varchar } from "drizzle-orm/pg-core";
import type { ActorKind } from "../../worker/domain/audit-actor";
import { EVENT_TYPE_MAX_LENGTH } from "../../worker/lib/limits";
import { urls } from "./urls";
import { users } from "./users";
import { ownersWorkspace, workspaces } from "./workspaces";

export const events = pgTable(
  "events",
  {
    id: serial("id").primaryKey(),
    // RESTRICT: the audit trail outlives nothing it describes; urls are soft-deleted, never removed.
    // Null for a workspace's own events (members, keys): GET /events lists link events only.
    urlId: integer("url_id").references(() => urls.id, { onDelete: "restrict" }),
    // The workspace whose audit log shows it (a link event: the link's, filled in by a trigger).
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" })
      .$defaultFn(ownersWorkspace),
    // Who acted: a person (user_id), an API key (actor_key_id), the operator or the system; null on
    // events written before workspaces.
    actorKind: varchar("actor_kind", { length: 16 }).$type<ActorKind>(),
    actorKeyId: integer("actor_key_id"),
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
    // A workspace's audit log, newest first, keyset-paged.
    index("events_workspace_id_id_idx").on(table.workspaceId, table.id),
  ],
);

export type EventRow = typeof events.$inferSelect;
export type NewEventRow = typeof events.$inferInsert;
