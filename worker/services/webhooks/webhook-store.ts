// Webhook endpoints in Postgres: created with a sealed secret, read within the caller's workspace (the
// operator's: every workspace's), changed, rotated and deleted.
import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Database, TransactionalDatabase } from "../../../db/client";
import { urls, type WebhookRow, webhooks } from "../../../db/schema";
import type { Actor } from "../../domain/audit-actor";
import type { WebhookClickClasses, WebhookEventType } from "../../domain/webhook-words";
import { badRequest, conflict, notFound } from "../../lib/errors";
import { findPostgresError, PG_FOREIGN_KEY_VIOLATION } from "../../lib/postgres-errors";
import { outOfReach, workspaceOf } from "../auth/access";
import type { ServiceContext } from "../service-context";
import { insertWorkspaceEvent } from "../workspaces/audit-store";

export interface WebhookFields {
  url: string;
  events: WebhookEventType[];
  urlIds: number[] | null;
  clickClasses: WebhookClickClasses;
  description: string | null;
}

/** A filter may name only the endpoint's workspace's links (anything else is a 400 naming it). */
export async function assertWorkspaceLinks(db: Database, workspaceId: number, urlIds: number[] | null): Promise<void> {
  if (urlIds === null || urlIds.length === 0) return;
  const owned = await db
    .select({ id: urls.id })
    .from(urls)
    .where(and(inArray(urls.id, urlIds), eq(urls.workspaceId, workspaceId)));
  const known = new Set(owned.map((row) => row.id));
  const stranger = urlIds.find((id) => !known.has(id));
  if (stranger !== undefined) throw badRequest(`filter.url_ids: url ${stranger} is not one of the workspace's links`);
}

/** Where an endpoint delivers, for the audit log: its host only (a receiver's path may hold a token). */
const hostOf = (url: string) => new URL(url).hostname;

/**
 * A workspace audit event about endpoint `id`, for the batch of the change it records: written only
 * when the endpoint exists as the statement runs (and, with `only`, holds what the change wrote), so a
 * change that found nothing records nothing.
 */
function webhookAudit(
  db: Database,
  id: number,
  action: string,
  actor: Actor,
  details: Record<string, unknown>,
  only: SQL = sql`true`,
) {
  return db.execute(sql`INSERT INTO events (workspace_id, url_id, user_id, actor_kind, actor_key_id, event_type, details)
    SELECT w.workspace_id, NULL, ${actor.userId}::integer, ${actor.kind}::varchar, ${actor.keyId}::integer, ${action},
           ${JSON.stringify({ webhook_id: id, ...details })}
    FROM webhooks w WHERE w.id = ${id} AND ${only}`);
}

/** Namespace of the advisory lock that makes one workspace's endpoint creations take turns. */
const CREATE_LOCK_NAMESPACE = 17_001;

/**
 * The endpoint, unless its workspace has `maxPerOwner` already (every click and link change there is
 * sent to each one): a 409 that says the cap. One transaction under a per-workspace advisory lock, so
 * two creations at once cannot both take the last place. `userId` is its maker.
 */
export async function insertWebhook(
  db: TransactionalDatabase,
  owner: { userId: number | null; workspaceId: number },
  actor: Actor,
  fields: WebhookFields,
  sealedSecret: string,
  maxPerOwner: number,
): Promise<WebhookRow> {
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(
        sql`SELECT pg_advisory_xact_lock(${CREATE_LOCK_NAMESPACE}::integer, ${owner.workspaceId}::integer)`,
      );
      const [held] = await tx
        .select({ endpoints: sql<number>`count(*)::integer` })
        .from(webhooks)
        .where(eq(webhooks.workspaceId, owner.workspaceId));
      if (Number(held?.endpoints ?? 0) >= maxPerOwner) {
        throw conflict(
          `a workspace has at most ${maxPerOwner} webhook endpoints (MAX_WEBHOOKS_PER_OWNER): delete one first, or subscribe one endpoint to more events`,
        );
      }
      const [row] = await tx
        .insert(webhooks)
        .values({ ...owner, ...fields, secret: sealedSecret })
        .returning();
      if (!row) throw new Error("webhook insert returned no row");
      await insertWorkspaceEvent(tx, {
        workspaceId: owner.workspaceId,
        action: "webhook.created",
        actor,
        details: { webhook_id: row.id, url_host: hostOf(fields.url), events: fields.events },
      });
      return row;
    });
  } catch (error) {
    if (owner.userId !== null && findPostgresError(error)?.code === PG_FOREIGN_KEY_VIOLATION) {
      throw badRequest(`user_id ${owner.userId} does not exist`);
    }
    throw error;
  }
}

export async function listWebhooks(ctx: Pick<ServiceContext, "principal" | "database">): Promise<WebhookRow[]> {
  const scope = workspaceOf(ctx);
  return ctx
    .database()
    .select()
    .from(webhooks)
    .where(scope === undefined ? undefined : eq(webhooks.workspaceId, scope))
    .orderBy(desc(webhooks.id));
}

/** The endpoint, when the caller may see it; a 404 otherwise (another workspace's is as absent as none). */
export async function getOwnedWebhook(ctx: Pick<ServiceContext, "principal" | "database">, id: number) {
  const [row] = await ctx.database().select().from(webhooks).where(eq(webhooks.id, id)).limit(1);
  if (!row || outOfReach(ctx, row.workspaceId)) throw notFound("webhook not found");
  return row;
}

export async function updateWebhook(
  db: Database,
  id: number,
  changes: Partial<WebhookFields> & { enabled?: boolean },
  actor: Actor,
): Promise<WebhookRow> {
  const { enabled, ...fields } = changes;
  const stateChange =
    enabled === undefined
      ? {}
      : enabled
        ? // Enabled again: a fresh start (its failing streak is forgotten).
          {
            state: "active" as const,
            disabledReason: null,
            disabledAt: null,
            consecutiveFailures: 0,
            failingSince: null,
            failingNotifiedAt: null,
          }
        : { state: "disabled" as const, disabledReason: "owner", disabledAt: sql`now()` };
  const details = {
    changed: Object.keys(changes).sort(),
    ...(fields.url === undefined ? {} : { url_host: hostOf(fields.url) }),
  };
  const [[row]] = await db.batch([
    db
      .update(webhooks)
      .set({ ...fields, ...stateChange, updatedAt: sql`now()` })
      .where(eq(webhooks.id, id))
      .returning(),
    webhookAudit(db, id, "webhook.updated", actor, details),
  ]);
  if (!row) throw notFound("webhook not found");
  return row;
}

/** The new secret signs from now on; the current one keeps signing too until `overlapEndsAt`. */
export async function rotateWebhookSecret(
  db: Database,
  row: WebhookRow,
  sealedSecret: string,
  overlapEndsAt: Date,
  actor: Actor,
): Promise<WebhookRow> {
  const rotate = db
    .update(webhooks)
    .set({
      secret: sealedSecret,
      previousSecret: row.secret,
      previousSecretExpiresAt: overlapEndsAt,
      updatedAt: sql`now()`,
    })
    // Against a concurrent rotation: only from the secret this request read.
    .where(and(eq(webhooks.id, row.id), eq(webhooks.secret, row.secret)))
    .returning();
  // The event only if this rotation's secret is the one stored (a concurrent one lost: nothing written).
  const audit = webhookAudit(db, row.id, "webhook.secret_rotated", actor, {}, sql`w.secret = ${sealedSecret}`);
  const [[rotated]] = await db.batch([rotate, audit]);
  if (!rotated) throw badRequest("the secret changed meanwhile: rotate again");
  return rotated;
}

export async function deleteWebhook(db: Database, row: WebhookRow, actor: Actor): Promise<void> {
  // The event first: it is written only while the endpoint is still there to delete.
  await db.batch([
    webhookAudit(db, row.id, "webhook.deleted", actor, { url_host: hostOf(row.url) }),
    db.delete(webhooks).where(eq(webhooks.id, row.id)),
  ]);
}
