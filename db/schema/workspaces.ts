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

// An invitation to join a workspace with a role, mailed to an address: accepted once, by the person
// signed in with that address, within 7 days. Only the token's SHA-256 is kept.
export const workspaceInvitations = pgTable(
  "workspace_invitations",
  {
    id: serial("id").primaryKey(),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    email: varchar("email", { length: 255 }).notNull(),
    role: varchar("role", { length: 16 }).$type<WorkspaceRole>().notNull(),
    tokenHash: varchar("token_hash", { length: 64 }).notNull().unique("workspace_invitations_token_hash_unique"),
    invitedBy: integer("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: integer("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [
    index("workspace_invitations_workspace_id_idx").on(table.workspaceId),
    check("workspace_invitations_role_check", sql`${table.role} IN ('owner', 'admin', 'editor', 'viewer')`),
  ],
);

export type WorkspaceInvitationRow = typeof workspaceInvitations.$inferSelect;
