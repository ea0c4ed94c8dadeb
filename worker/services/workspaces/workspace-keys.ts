// A workspace's API keys: made by its admins (or the operator) with scopes no wider than the maker's
// role, an optional expiry, and an audit event; the key is shown once.
import { and, asc, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { apiKeys, events, workspaceMembers } from "../../../db/schema";
import { SCOPES_OF_ROLE, type Scope } from "../../domain/permissions";
import { badRequest, conflict, forbidden, notFound } from "../../lib/errors";
import { forgetCachedKey } from "../auth/api-key-cache";
import { generateApiKey } from "../auth/api-key-format";
import { actorOf, type ServiceContext } from "../service-context";
import { workspaceEventRow } from "./audit-store";
import { readWorkspace, standingFor } from "./workspace-use-cases";

export interface NewWorkspaceKey {
  name: string | null;
  scopes: Scope[];
  expiresAt: Date | null;
}

export async function createWorkspaceKey(ctx: ServiceContext, workspaceId: number, key: NewWorkspaceKey) {
  const standing = await standingFor(ctx, workspaceId, "administer");
  if (standing.kind === "member") {
    const beyond = key.scopes.filter((scope) => !SCOPES_OF_ROLE[standing.role].includes(scope));
    if (beyond.length > 0) throw forbidden(`scopes: your role (${standing.role}) does not hold ${beyond.join(", ")}`);
  }
  if (key.expiresAt !== null && key.expiresAt.getTime() <= Date.now()) {
    throw badRequest("expires_at must be in the future");
  }
  // The operator's workspace holds the links made without a user: ADMIN_API_KEY is its key.
  const workspace = await readWorkspace(ctx, workspaceId);
  if (workspace.kind === "operator") {
    throw conflict("the operator's workspace has no keys of its own: it is reached with ADMIN_API_KEY");
  }
  // The key's person: its maker, or for the operator the workspace's first owner.
  const makerId = standing.kind === "member" ? standing.userId : await firstOwner(ctx, workspaceId);
  const generated = await generateApiKey();
  const actor = actorOf(ctx);
  const db = ctx.database();
  // One batch (one transaction): the key and its audit event.
  const [rows] = await db.batch([
    db
      .insert(apiKeys)
      .values({
        userId: makerId,
        workspaceId,
        prefix: generated.prefix,
        keyHash: generated.hash,
        name: key.name,
        scopes: key.scopes,
        expiresAt: key.expiresAt,
      })
      .returning(),
    db.insert(events).values(
      workspaceEventRow({
        workspaceId,
        action: "key.created",
        actor,
        details: sql`json_build_object('key_id', currval(pg_get_serial_sequence('api_keys', 'id')), 'name', ${key.name}::text, 'scopes', ${JSON.stringify(key.scopes)}::jsonb)::text`,
      }),
    ),
  ]);
  const [row] = rows;
  if (!row) throw new Error("api key insert returned no row");
  return { row, key: generated.key };
}

async function firstOwner(ctx: ServiceContext, workspaceId: number): Promise<number> {
  const [owner] = await ctx
    .database()
    .select({ userId: workspaceMembers.userId })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.role, "owner")))
    .orderBy(asc(workspaceMembers.createdAt))
    .limit(1);
  if (!owner) throw notFound("workspace not found");
  return owner.userId;
}

/** GET /workspaces/{id}/api-keys: the workspace's keys that still work, newest first (admins). */
export async function readWorkspaceKeys(ctx: ServiceContext, workspaceId: number) {
  await standingFor(ctx, workspaceId, "administer");
  return ctx
    .database()
    .select()
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.workspaceId, workspaceId),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)),
      ),
    )
    .orderBy(desc(apiKeys.id));
}

/**
 * DELETE /workspaces/{id}/api-keys/{key_id}: the key stops at once in this isolate (within 30 s in
 * others: the key cache), with its audit event in the same batch.
 */
export async function revokeWorkspaceKey(ctx: ServiceContext, workspaceId: number, keyId: number): Promise<void> {
  await standingFor(ctx, workspaceId, "administer");
  const actor = actorOf(ctx);
  const db = ctx.database();
  const live = sql`id = ${keyId}::int AND workspace_id = ${workspaceId}::int AND revoked_at IS NULL`;
  // The event first (while the key is still live), then the revocation: one batch, one transaction.
  const [, revoked] = await db.batch([
    db.execute(sql`INSERT INTO events (workspace_id, url_id, user_id, actor_kind, actor_key_id, event_type, details)
      SELECT ${workspaceId}::int, NULL, ${actor.userId}::int, ${actor.kind}::varchar, ${actor.keyId}::int, 'key.revoked',
             json_build_object('key_id', id, 'name', name)::text
      FROM api_keys WHERE ${live}`),
    db.execute<{ prefix: string }>(sql`UPDATE api_keys SET revoked_at = now() WHERE ${live} RETURNING prefix`),
  ]);
  const [row] = revoked.rows;
  if (!row) throw notFound("api key not found");
  forgetCachedKey(row.prefix);
}
