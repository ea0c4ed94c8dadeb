// Reading workspaces and their members: one query each, over HTTP.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { users, type WorkspaceRow, workspaceMembers, workspaces } from "../../../db/schema";
import type { WorkspaceRole } from "../../domain/workspace-roles";
import { badRequest } from "../../lib/errors";
import type { Window } from "../../lib/pagination";

export type WorkspaceWithCount = WorkspaceRow & { members: number };

const MEMBER_COUNT = sql<number>`(SELECT count(*)::int FROM workspace_members m WHERE m.workspace_id = "workspaces"."id")`;

const WORKSPACE_COLUMNS = {
  id: workspaces.id,
  name: workspaces.name,
  kind: workspaces.kind,
  personalUserId: workspaces.personalUserId,
  createdAt: workspaces.createdAt,
  updatedAt: workspaces.updatedAt,
  members: MEMBER_COUNT,
};

/** Workspaces by id; with `memberId`, only those that user belongs to; with `id`, that one only. */
export function listWorkspaces(
  db: Database,
  filter: { memberId?: number | undefined; id?: number | undefined },
  window: Window,
): Promise<WorkspaceWithCount[]> {
  const member =
    filter.memberId === undefined
      ? undefined
      : sql`EXISTS (SELECT 1 FROM workspace_members m WHERE m.workspace_id = "workspaces"."id" AND m.user_id = ${filter.memberId})`;
  return db
    .select(WORKSPACE_COLUMNS)
    .from(workspaces)
    .where(and(member, filter.id === undefined ? undefined : eq(workspaces.id, filter.id)))
    .orderBy(asc(workspaces.id))
    .limit(window.limit)
    .offset(window.offset);
}

export async function findWorkspace(db: Database, id: number): Promise<WorkspaceWithCount | undefined> {
  const [row] = await db.select(WORKSPACE_COLUMNS).from(workspaces).where(eq(workspaces.id, id)).limit(1);
  return row;
}

/** The user's role in the workspace, or undefined when they are not a member. */
export async function memberRole(
  db: Database,
  workspaceId: number,
  userId: number,
): Promise<WorkspaceRole | undefined> {
  const [row] = await db
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
    .limit(1);
  return row?.role;
}

export interface MemberRow {
  userId: number;
  username: string;
  email: string;
  role: WorkspaceRole;
  createdAt: Date;
  updatedAt: Date;
}

export function listMembers(db: Database, workspaceId: number): Promise<MemberRow[]> {
  return db
    .select({
      userId: workspaceMembers.userId,
      username: users.username,
      email: users.email,
      role: workspaceMembers.role,
      createdAt: workspaceMembers.createdAt,
      updatedAt: workspaceMembers.updatedAt,
    })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .where(eq(workspaceMembers.workspaceId, workspaceId))
    .orderBy(asc(workspaceMembers.userId));
}

/** The workspaces a person belongs to, with their role in each, by id. */
export function listMemberships(db: Database, userId: number) {
  return db
    .select({ id: workspaces.id, name: workspaces.name, kind: workspaces.kind, role: workspaceMembers.role })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.userId, userId))
    .orderBy(asc(workspaces.id));
}

/**
 * The workspace a row written with only a maker belongs in (the seed's paths): the user's personal
 * one, or the operator's for none; a 400 for a user that does not exist.
 */
export async function ownersWorkspace(db: Database, userId: number | null): Promise<number> {
  const result = await db.execute<{ id: number | null }>(
    sql`SELECT linkscope_owners_workspace(${userId}::integer) AS id`,
  );
  const id = result.rows[0]?.id;
  if (id === null || id === undefined) throw badRequest(`user_id ${userId} does not exist`);
  return Number(id);
}
