// Webhook endpoints in Postgres: created with a sealed secret, read within the caller's scope (a
// user's key sees its own, the admin key all), changed, rotated and deleted.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database, TransactionalDatabase } from "../../../db/client";
import { urls, type WebhookRow, webhooks } from "../../../db/schema";
import type { WebhookClickClasses, WebhookEventType } from "../../domain/webhook-words";
import { badRequest, conflict, notFound } from "../../lib/errors";
import { findPostgresError, PG_FOREIGN_KEY_VIOLATION } from "../../lib/postgres-errors";
import { ownerScope } from "../auth/access";
import type { ServiceContext } from "../service-context";

export interface WebhookFields {
  url: string;
  events: WebhookEventType[];
  urlIds: number[] | null;
  clickClasses: WebhookClickClasses;
  description: string | null;
}

/** A filter may name only the endpoint owner's own active links (anything else is a 400 naming it). */
export async function assertOwnLinks(db: Database, userId: number | null, urlIds: number[] | null): Promise<void> {
  if (urlIds === null || urlIds.length === 0) return;
  const owned = await db
    .select({ id: urls.id })
    .from(urls)
    .where(and(inArray(urls.id, urlIds), userId === null ? isNull(urls.userId) : eq(urls.userId, userId)));
  const known = new Set(owned.map((row) => row.id));
  const stranger = urlIds.find((id) => !known.has(id));
  if (stranger !== undefined) throw badRequest(`filter.url_ids: url ${stranger} is not one of the owner's links`);
}

/** Namespace of the advisory lock that makes one owner's endpoint creations take turns. */
const CREATE_LOCK_NAMESPACE = 17_001;

/**
 * The endpoint, unless its owner has `maxPerOwner` already (every click and link change of theirs is
 * sent to each one): a 409 that says the cap. One transaction under a per-owner advisory lock, so two
 * creations at once cannot both take the last place.
 */
export async function insertWebhook(
  db: TransactionalDatabase,
  userId: number | null,
  fields: WebhookFields,
  sealedSecret: string,
  maxPerOwner: number,
): Promise<WebhookRow> {
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${CREATE_LOCK_NAMESPACE}::integer, ${userId ?? 0}::integer)`);
      const [held] = await tx
        .select({ endpoints: sql<number>`count(*)::integer` })
        .from(webhooks)
        .where(userId === null ? isNull(webhooks.userId) : eq(webhooks.userId, userId));
      if (Number(held?.endpoints ?? 0) >= maxPerOwner) {
        throw conflict(
          `an owner has at most ${maxPerOwner} webhook endpoints (MAX_WEBHOOKS_PER_OWNER): delete one first, or subscribe one endpoint to more events`,
        );
      }
      const [row] = await tx
        .insert(webhooks)
        .values({ userId, ...fields, secret: sealedSecret })
        .returning();
      if (!row) throw new Error("webhook insert returned no row");
      return row;
    });
  } catch (error) {
    if (userId !== null && findPostgresError(error)?.code === PG_FOREIGN_KEY_VIOLATION) {
      throw badRequest(`user_id ${userId} does not exist`);
    }
    throw error;
  }
}

export async function listWebhooks(ctx: Pick<ServiceContext, "principal" | "database">): Promise<WebhookRow[]> {
  const scope = ownerScope(ctx);
  return ctx
    .database()
    .select()
    .from(webhooks)
    .where(scope === undefined ? undefined : eq(webhooks.userId, scope))
    .orderBy(desc(webhooks.id));
}

/** The endpoint, when the caller may see it; a 404 otherwise (another user's is as absent as none). */
export async function getOwnedWebhook(ctx: Pick<ServiceContext, "principal" | "database">, id: number) {
  const [row] = await ctx.database().select().from(webhooks).where(eq(webhooks.id, id)).limit(1);
  const scope = ownerScope(ctx);
  if (!row || (scope !== undefined && row.userId !== scope)) throw notFound("webhook not found");
  return row;
}

export async function updateWebhook(
  db: Database,
  id: number,
  changes: Partial<WebhookFields> & { enabled?: boolean },
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
  const [row] = await db
    .update(webhooks)
    .set({ ...fields, ...stateChange, updatedAt: sql`now()` })
    .where(eq(webhooks.id, id))
    .returning();
  if (!row) throw notFound("webhook not found");
  return row;
}

/** The new secret signs from now on; the current one keeps signing too until `overlapEndsAt`. */
export async function rotateWebhookSecret(
  db: Database,
  row: WebhookRow,
  sealedSecret: string,
  overlapEndsAt: Date,
): Promise<WebhookRow> {
  const [rotated] = await db
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
  if (!rotated) throw badRequest("the secret changed meanwhile: rotate again");
  return rotated;
}

export async function deleteWebhook(db: Database, id: number): Promise<void> {
  await db.delete(webhooks).where(eq(webhooks.id, id));
}
