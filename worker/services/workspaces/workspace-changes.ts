// Changes to workspaces and their members, each in one transaction with its audit event. Member
// changes lock the workspace's row first, so two concurrent changes cannot both see a second owner
// and leave none (the last-owner rule is checked under the lock).
import { and, eq, sql } from "drizzle-orm";
import type { TransactionalDatabase } from "../../../db/client";
import { workspaceMembers, workspaces } from "../../../db/schema";
import { SCOPES_OF_ROLE } from "../../domain/permissions";
import { lastOwnerProblem, type WorkspaceRole } from "../../domain/workspace-roles";
import { badRequest, conflict, notFound } from "../../lib/errors";
import { findPostgresError, PG_FOREIGN_KEY_VIOLATION } from "../../lib/postgres-errors";
import { forgetCachedKey } from "../auth/api-key-cache";
import { type Actor, insertWorkspaceEvent } from "./audit-store";
import { forgetMembership } from "./membership-cache";

type Transaction = Parameters<Parameters<TransactionalDatabase["transaction"]>[0]>[0];

/** A team workspace with its first owner. */
export async function createTeamWorkspace(
  db: TransactionalDatabase,
  name: string,
  ownerUserId: number,
  actor: Actor,
): Promise<number> {
  try {
    return await db.transaction(async (tx) => {
      const [made] = await tx.insert(workspaces).values({ name, kind: "team" }).returning({ id: workspaces.id });
      if (!made) throw new Error("workspace insert returned no row");
      await tx.insert(workspaceMembers).values({ workspaceId: made.id, userId: ownerUserId, role: "owner" });
      await insertWorkspaceEvent(tx, {
        workspaceId: made.id,
        action: "workspace.created",
        actor,
        details: { name, owner_user_id: ownerUserId },
      });
      return made.id;
    });
  } catch (error) {
    if (findPostgresError(error)?.code === PG_FOREIGN_KEY_VIOLATION) {
      throw badRequest(`owner_user_id ${ownerUserId} does not exist`);
    }
    throw error;
  }
}

export async function renameWorkspace(db: TransactionalDatabase, id: number, name: string, actor: Actor) {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: workspaces.name })
      .from(workspaces)
      .where(eq(workspaces.id, id))
      .for("update");
    if (!before) throw notFound("workspace not found");
    if (before.name === name) return;
    await tx.update(workspaces).set({ name, updatedAt: sql`now()` }).where(eq(workspaces.id, id));
    await insertWorkspaceEvent(tx, {
      workspaceId: id,
      action: "workspace.renamed",
      actor,
      details: { name, previous_name: before.name },
    });
  });
}

/** Locks the workspace and answers the member's role now and how many owners it has. */
async function lockedRoles(tx: Transaction, workspaceId: number, userId: number) {
  const [locked] = await tx
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
    .for("update");
  if (!locked) throw notFound("workspace not found");
  const rows = await tx
    .select({ userId: workspaceMembers.userId, role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(eq(workspaceMembers.workspaceId, workspaceId));
  return {
    from: rows.find((row) => row.userId === userId)?.role,
    owners: rows.filter((row) => row.role === "owner").length,
  };
}

export interface MemberChange {
  workspaceId: number;
  userId: number;
  /** The role to give; undefined removes the member. */
  role: WorkspaceRole | undefined;
  actor: Actor;
  /** May this change add someone who is not a member yet (the operator only, until invitations). */
  mayAdd: boolean;
  /** Decides, under the lock, whether the actor may change the member from `from` to `to`. */
  allowed: (from: WorkspaceRole | undefined, to: WorkspaceRole | undefined) => void;
}

/**
 * Revokes the member's keys in the workspace that hold more than `role` allows (all of them when the
 * member is removed), each with its key.revoked event: a key is never wider than its maker's role.
 * Answers the revoked keys' prefixes, for the caller to forget from this isolate's key cache.
 */
async function revokeKeysBeyond(
  tx: Transaction,
  change: Pick<MemberChange, "workspaceId" | "userId" | "actor">,
  role: WorkspaceRole | undefined,
): Promise<string[]> {
  const allowed = role === undefined ? [] : SCOPES_OF_ROLE[role];
  const revoked = await tx.execute<{ id: number; prefix: string }>(sql`
    UPDATE api_keys SET revoked_at = now()
    WHERE workspace_id = ${change.workspaceId}::int AND user_id = ${change.userId}::int AND revoked_at IS NULL
      AND (scopes IS NULL OR NOT scopes <@ ${JSON.stringify(allowed)}::jsonb)
    RETURNING id, prefix`);
  for (const key of revoked.rows) {
    await insertWorkspaceEvent(tx, {
      workspaceId: change.workspaceId,
      action: "key.revoked",
      actor: change.actor,
      details: { key_id: Number(key.id), reason: role === undefined ? "member.removed" : "member.role_changed" },
    });
  }
  return revoked.rows.map((key) => key.prefix);
}

/**
 * Adds, changes or removes a member; answers the role before (undefined: was not a member). A removed
 * or demoted member's keys beyond the new role are revoked in the same transaction, and both the
 * membership and those keys are forgotten by this isolate's caches at once.
 */
export async function changeMember(db: TransactionalDatabase, change: MemberChange) {
  let revokedPrefixes: string[] = [];
  try {
    return await db.transaction(async (tx) => {
      const { from, owners } = await lockedRoles(tx, change.workspaceId, change.userId);
      const to = change.role;
      if (from === undefined && to === undefined) throw notFound("member not found");
      if (from === undefined && !change.mayAdd) throw notFound("member not found");
      change.allowed(from, to);
      const problem = lastOwnerProblem({ from, to, owners });
      if (problem) throw conflict(problem);
      if (from === to) return from;
      const where = and(
        eq(workspaceMembers.workspaceId, change.workspaceId),
        eq(workspaceMembers.userId, change.userId),
      );
      if (to === undefined) await tx.delete(workspaceMembers).where(where);
      else if (from === undefined) {
        await tx.insert(workspaceMembers).values({ workspaceId: change.workspaceId, userId: change.userId, role: to });
      } else await tx.update(workspaceMembers).set({ role: to, updatedAt: sql`now()` }).where(where);
      await insertWorkspaceEvent(tx, {
        workspaceId: change.workspaceId,
        action: to === undefined ? "member.removed" : from === undefined ? "member.added" : "member.role_changed",
        actor: change.actor,
        details: { member_user_id: change.userId, role: to ?? null, previous_role: from ?? null },
      });
      if (from !== undefined) revokedPrefixes = await revokeKeysBeyond(tx, change, to);
      return from;
    });
  } catch (error) {
    if (findPostgresError(error)?.code === PG_FOREIGN_KEY_VIOLATION) throw notFound("user not found");
    throw error;
  } finally {
    forgetMembership(change.workspaceId, change.userId);
    for (const prefix of revokedPrefixes) forgetCachedKey(prefix);
  }
}
