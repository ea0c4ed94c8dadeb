// Workspaces and their members: who may see and change what. The operator (ADMIN_API_KEY, or the
// open API of local development) may do anything; a user's API key acts in its own workspace only,
// with the role its person holds there. Another workspace is a 404, never a hint that it exists.

import type { EventRow } from "../../../db/schema";
import type { ActorKind } from "../../domain/audit-actor";
import {
  leastRoleFor,
  mayChangeRole,
  roleAllows,
  type WorkspaceAction,
  type WorkspaceRole,
} from "../../domain/workspace-roles";
import { badRequest, forbidden, notFound } from "../../lib/errors";
import { type PageQuery, resolveWindow } from "../../lib/pagination";
import { actorOf, type ServiceContext } from "../service-context";
import { listAudit } from "./audit-store";
import { cachedRole } from "./membership-cache";
import { forgetPersonSummary } from "./person-summary";
import { changeMember, createTeamWorkspace, renameWorkspace } from "./workspace-changes";
import { findWorkspace, listMembers, listWorkspaces, type MemberRow, type WorkspaceWithCount } from "./workspace-store";

/** How the caller stands in a workspace. */
export type Standing = { kind: "operator" } | { kind: "member"; role: WorkspaceRole; userId: number };

const WORKSPACE_NOT_FOUND = "workspace not found";

/** The caller's standing in the workspace, when it may do `action` there; else a 404 or a 403. */
export async function standingFor(
  ctx: ServiceContext,
  workspaceId: number,
  action: WorkspaceAction,
): Promise<Standing> {
  const principal = ctx.principal;
  if (principal.kind === "admin" || principal.kind === "anonymous") return { kind: "operator" };
  // A key acts in its own workspace only; a person in every workspace they belong to.
  if (principal.kind === "user" && principal.workspaceId !== workspaceId) throw notFound(WORKSPACE_NOT_FOUND);
  // The same cached role the request's permission was checked against (membership-cache.ts).
  const role = await cachedRole(ctx.database, workspaceId, principal.userId);
  // Not a member (a key whose person has left: it manages nothing there).
  if (role === undefined) throw notFound(WORKSPACE_NOT_FOUND);
  if (!roleAllows(role, action)) throw forbidden(`this needs the ${leastRoleFor(action)} role in the workspace`);
  return { kind: "member", role, userId: principal.userId };
}

export interface WorkspaceListQuery extends PageQuery {
  /** Only the workspaces this user belongs to. */
  user_id?: number | undefined;
}

/** GET /workspaces: every workspace for the operator; a key's own; a person's, every one they belong to. */
export function readWorkspaces(ctx: ServiceContext, query: WorkspaceListQuery): Promise<WorkspaceWithCount[]> {
  const principal = ctx.principal;
  const window = resolveWindow(query);
  if (principal.kind === "admin" || principal.kind === "anonymous") {
    return listWorkspaces(ctx.database(), { memberId: query.user_id }, window);
  }
  if (principal.kind === "person") {
    if (query.user_id !== undefined && query.user_id !== principal.userId) return Promise.resolve([]);
    return listWorkspaces(ctx.database(), { memberId: principal.userId }, window);
  }
  if (query.user_id !== undefined && query.user_id !== principal.userId) return Promise.resolve([]);
  return listWorkspaces(ctx.database(), { id: principal.workspaceId }, window);
}

export async function readWorkspace(ctx: ServiceContext, id: number): Promise<WorkspaceWithCount> {
  await standingFor(ctx, id, "read");
  const workspace = await findWorkspace(ctx.database(), id);
  if (!workspace) throw notFound(WORKSPACE_NOT_FOUND);
  return workspace;
}

/**
 * POST /workspaces: a team workspace and its first owner. A signed-in person makes one of their own (they
 * are its owner); the admin key names the owner; a key may not (it acts in one workspace).
 */
export async function createWorkspace(ctx: ServiceContext, name: string, ownerUserId: number | undefined) {
  const principal = ctx.principal;
  if (principal.kind === "user") throw forbidden("creating a workspace needs the admin key or a signed-in person");
  if (principal.kind === "person" && ownerUserId !== undefined && ownerUserId !== principal.userId) {
    throw forbidden("a signed-in person creates workspaces they own: leave out owner_user_id");
  }
  const owner = principal.kind === "person" ? principal.userId : ownerUserId;
  if (owner === undefined) throw badRequest("owner_user_id is required: the user who owns the new workspace");
  const id = await createTeamWorkspace(ctx.transactionalDatabase(), name, owner, actorOf(ctx));
  // Its owner's workspace list (the web app's switch) holds it at once here.
  forgetPersonSummary(owner);
  return readWorkspace(ctx, id);
}

export async function renameWorkspaceFor(ctx: ServiceContext, id: number, name: string) {
  await standingFor(ctx, id, "administer");
  await renameWorkspace(ctx.transactionalDatabase(), id, name, actorOf(ctx));
  return readWorkspace(ctx, id);
}

export async function readMembers(ctx: ServiceContext, id: number): Promise<MemberRow[]> {
  await readWorkspace(ctx, id);
  return listMembers(ctx.database(), id);
}

function refuseUnlessAllowed(standing: Standing, from: WorkspaceRole | undefined, to: WorkspaceRole | undefined) {
  if (standing.kind === "operator") return;
  if (!mayChangeRole(standing.role, { from, to })) {
    throw forbidden(
      from === "owner" || to === "owner"
        ? "only an owner may make, change or remove an owner"
        : "managing members needs the admin role in the workspace",
    );
  }
}

/**
 * PUT /workspaces/{id}/members/{user_id}: the member's new role. The operator may also add someone
 * who is not a member yet; a workspace's admins invite them instead (an invitation is accepted by
 * the person, signed in).
 */
export async function putMember(ctx: ServiceContext, id: number, userId: number, role: WorkspaceRole) {
  const standing = await standingFor(ctx, id, "read");
  await changeMember(ctx.transactionalDatabase(), {
    workspaceId: id,
    userId,
    role,
    actor: actorOf(ctx),
    mayAdd: standing.kind === "operator",
    allowed: (from, to) => refuseUnlessAllowed(standing, from, to),
  });
  const member = (await listMembers(ctx.database(), id)).find((row) => row.userId === userId);
  if (!member) throw notFound("member not found");
  return member;
}

/** DELETE /workspaces/{id}/members/{user_id}: removed by an admin (an owner by an owner), or leaving. */
export async function removeMember(ctx: ServiceContext, id: number, userId: number): Promise<void> {
  const standing = await standingFor(ctx, id, "read");
  const leaving = standing.kind === "member" && standing.userId === userId;
  await changeMember(ctx.transactionalDatabase(), {
    workspaceId: id,
    userId,
    role: undefined,
    actor: actorOf(ctx),
    mayAdd: false,
    allowed: (from) => (leaving ? undefined : refuseUnlessAllowed(standing, from, undefined)),
  });
}

export interface AuditQuery {
  actor_kind?: ActorKind | undefined;
  actor_user_id?: number | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  before?: number | undefined;
  limit?: number | undefined;
}

const AUDIT_PAGE = 50;

/** GET /workspaces/{id}/audit: admins and the operator; newest first, `next` the id to continue before. */
export async function readAudit(ctx: ServiceContext, id: number, query: AuditQuery) {
  await standingFor(ctx, id, "administer");
  const limit = query.limit ?? AUDIT_PAGE;
  const rows: EventRow[] = await listAudit(
    ctx.database(),
    id,
    {
      actorKind: query.actor_kind,
      actorUserId: query.actor_user_id,
      action: query.action,
      from: query.from,
      to: query.to,
      beforeId: query.before,
    },
    limit,
  );
  const last = rows[rows.length - 1];
  return { events: rows, next: rows.length === limit && last ? last.id : undefined };
}
