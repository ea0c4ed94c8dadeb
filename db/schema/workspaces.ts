import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  timestamp,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";
import type { WorkspaceKind, WorkspaceRole } from "../../worker/domain/workspace-roles.ts";
import { users } from "./users.ts";

// Who owns links, tags, webhooks and API keys. Every user has a personal workspace (made with the
// user, by a trigger: migration 0015); the operator workspace holds what has no owner (links
// created without a user_id); team workspaces are made through the API.
export const workspaces = pgTable(
  "workspaces",
  {
    id: serial("id").primaryKey(),
    name: varchar("name", { length: 100 }).notNull(),
    kind: varchar("kind", { length: 16 }).$type<WorkspaceKind>().notNull(),
    // The user whose personal workspace this is; null for team and operator workspaces.
    personalUserId: integer("personal_user_id")
      .references(() => users.id, { onDelete: "cascade" })
      .unique("workspaces_personal_user_id_unique"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check("workspaces_kind_check", sql`${table.kind} IN ('personal', 'team', 'operator')`),
    check("workspaces_personal_user_check", sql`(${table.kind} = 'personal') = (${table.personalUserId} IS NOT NULL)`),
    // One operator workspace.
    uniqueIndex("workspaces_operator_unique").on(table.kind).where(sql`${table.kind} = 'operator'`),
  ],
);

// One role per person per workspace.
export const workspaceMembers = pgTable(
  "workspace_members",
  {
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: varchar("role", { length: 16 }).$type<WorkspaceRole>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.userId] }),
    // "My workspaces": a person's memberships.
    index("workspace_members_user_id_idx").on(table.userId),
    check("workspace_members_role_check", sql`${table.role} IN ('owner', 'admin', 'editor', 'viewer')`),
  ],
);

/**
 * The workspace column's value when a writer names none (the seed API's paths: a user_id or nothing):
 * NULL, which the trigger linkscope_default_workspace (migration 0015) replaces with the user's personal
 * workspace, or the operator's for a row without a user.
 */
export const ownersWorkspace = () => sql`NULL`;

export type WorkspaceRow = typeof workspaces.$inferSelect;
export type WorkspaceMemberRow = typeof workspaceMembers.$inferSelect;
