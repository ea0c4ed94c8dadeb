// Invitations in Postgres: created with their audit event, listed, revoked, and accepted in one
// statement that spends the invitation, adds the member and records it (all or nothing).
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database, TransactionalDatabase } from "../../../db/client";
import { users, type WorkspaceInvitationRow, workspaceInvitations } from "../../../db/schema";
import type { WorkspaceRole } from "../../domain/workspace-roles";
import { type Actor, insertWorkspaceEvent } from "./audit-store";

export interface NewInvitation {
  workspaceId: number;
  email: string;
  role: WorkspaceRole;
  tokenHash: string;
  expiresAt: Date;
  actor: Actor;
}

export async function insertInvitation(db: TransactionalDatabase, invitation: NewInvitation) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(workspaceInvitations)
      .values({
        workspaceId: invitation.workspaceId,
        email: invitation.email,
        role: invitation.role,
        tokenHash: invitation.tokenHash,
        invitedBy: invitation.actor.userId,
        expiresAt: invitation.expiresAt,
      })
      .returning();
    if (!row) throw new Error("invitation insert returned no row");
    await insertWorkspaceEvent(tx, {
      workspaceId: invitation.workspaceId,
      action: "invitation.created",
      actor: invitation.actor,
      details: { invitation_id: row.id, email: invitation.email, role: invitation.role },
    });
    return row;
  });
}

/** The workspace's invitations not yet accepted, revoked or expired, newest first. */
export function listPendingInvitations(db: Database, workspaceId: number): Promise<WorkspaceInvitationRow[]> {
  return db
    .select()
    .from(workspaceInvitations)
    .where(
      and(
        eq(workspaceInvitations.workspaceId, workspaceId),
        isNull(workspaceInvitations.acceptedAt),
        isNull(workspaceInvitations.revokedAt),
        gt(workspaceInvitations.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(workspaceInvitations.id));
}

export async function revokeInvitation(db: TransactionalDatabase, workspaceId: number, id: number, actor: Actor) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(workspaceInvitations)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(workspaceInvitations.id, id),
          eq(workspaceInvitations.workspaceId, workspaceId),
          isNull(workspaceInvitations.acceptedAt),
          isNull(workspaceInvitations.revokedAt),
        ),
      )
      .returning({ email: workspaceInvitations.email });
    if (!row) return false;
    await insertWorkspaceEvent(tx, {
      workspaceId,
      action: "invitation.revoked",
      actor,
      details: { invitation_id: id, email: row.email },
    });
    return true;
  });
}

/** Whether an address has an invitation waiting (a sign-in link may then make its account). */
export async function hasPendingInvitation(db: Database, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: workspaceInvitations.id })
    .from(workspaceInvitations)
    .where(
      and(
        sql`lower(${workspaceInvitations.email}) = lower(${email})`,
        isNull(workspaceInvitations.acceptedAt),
        isNull(workspaceInvitations.revokedAt),
        gt(workspaceInvitations.expiresAt, sql`now()`),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** A user for an invited address that has none: named after the address, made unique. */
export async function insertInvitedUser(db: Database, email: string): Promise<{ id: number; email: string }> {
  const local = (email.split("@")[0] ?? "user").replace(/[^A-Za-z0-9._-]/g, "").slice(0, 40) || "user";
  const suffix = [...crypto.getRandomValues(new Uint8Array(3))].map((b) => b.toString(16).padStart(2, "0")).join("");
  const [row] = await db
    .insert(users)
    .values({ username: `${local}-${suffix}`, email })
    .returning({ id: users.id, email: users.email });
  if (!row) throw new Error("user insert returned no row");
  return row;
}

export type AcceptOutcome =
  | { kind: "accepted"; workspaceId: number; role: WorkspaceRole; added: boolean }
  | { kind: "not_for_you" }
  | { kind: "invalid" };

/**
 * Accepts the invitation for the signed-in person when it is addressed to their email (any case):
 * spends it, adds them with its role (a member already keeps their role) and records it.
 */
export async function acceptInvitation(db: Database, tokenHash: string, userId: number): Promise<AcceptOutcome> {
  const result = await db.execute<{ workspace_id: number; role: WorkspaceRole; added: number }>(sql`
    WITH invitation AS (
      UPDATE workspace_invitations i SET accepted_at = now(), accepted_by = ${userId}::int
      WHERE i.token_hash = ${tokenHash} AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
        AND lower(i.email) = (SELECT lower(email) FROM users WHERE id = ${userId}::int)
      RETURNING i.id, i.workspace_id, i.role
    ), joined AS (
      INSERT INTO workspace_members (workspace_id, user_id, role)
      SELECT workspace_id, ${userId}::int, role FROM invitation
      ON CONFLICT (workspace_id, user_id) DO NOTHING
      RETURNING workspace_id
    ), logged AS (
      INSERT INTO events (workspace_id, url_id, user_id, actor_kind, event_type, details)
      SELECT i.workspace_id, NULL, ${userId}::int, 'person', 'member.added',
             json_build_object('member_user_id', ${userId}::int, 'role', i.role, 'previous_role', NULL, 'invitation_id', i.id)::text
      FROM invitation i JOIN joined j ON j.workspace_id = i.workspace_id
    )
    SELECT i.workspace_id, i.role, (SELECT count(*)::int FROM joined) AS added FROM invitation i`);
  const row = result.rows[0];
  if (row)
    return { kind: "accepted", workspaceId: Number(row.workspace_id), role: row.role, added: Number(row.added) > 0 };
  // Why not: an invitation that is alive but addressed elsewhere is worth saying so (the holder of its
  // token already knows it exists); anything else is one answer.
  const [other] = await db
    .select({ id: workspaceInvitations.id })
    .from(workspaceInvitations)
    .where(
      and(
        eq(workspaceInvitations.tokenHash, tokenHash),
        isNull(workspaceInvitations.acceptedAt),
        isNull(workspaceInvitations.revokedAt),
        gt(workspaceInvitations.expiresAt, sql`now()`),
      ),
    )
    .limit(1);
  return other ? { kind: "not_for_you" } : { kind: "invalid" };
}

/** Whether the address already belongs to a member of the workspace. */
export async function isMemberEmail(db: Database, workspaceId: number, email: string): Promise<boolean> {
  const result = await db.execute<{ one: number }>(sql`
    SELECT 1 AS one FROM workspace_members m JOIN users u ON u.id = m.user_id
    WHERE m.workspace_id = ${workspaceId} AND lower(u.email) = lower(${email}) LIMIT 1`);
  return result.rows.length > 0;
}
