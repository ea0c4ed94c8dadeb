// Webhook deliveries in Postgres: leased for the queue, read with their endpoint for an attempt,
// updated after it, listed for their owner and put back for a manual retry.
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type WebhookDeliveryRow, type WebhookRow, webhookDeliveries, webhooks } from "../../../db/schema";
import type { DeliveryAttempt } from "../../domain/webhook-words";
import { MINUTE_MS } from "../../lib/time";
import { MAX_ATTEMPTS } from "./endpoint-health";

/** A leased delivery is sent to the queue again only when it was not attempted within this time. */
export const DELIVERY_LEASE_MS = 15 * MINUTE_MS;
/** Deliveries listed per endpoint. */
export const LISTED_DELIVERIES = 100;

const iso = (ms: number) => new Date(ms).toISOString();

/** A delivery to send now: pending, due at `at`, and held by no run's lease. */
const dueAndFree = (at: SQL) =>
  sql`state = 'pending' AND next_attempt_at <= ${at} AND (leased_until IS NULL OR leased_until <= ${at})`;

/**
 * Up to `limit` deliveries due now, leased so no other run sends them meanwhile, taken in turns across
 * endpoints: every endpoint's oldest due delivery, then every endpoint's second... and at most
 * `perEndpoint` of one endpoint. One owner's backlog (a tag change on hundreds of links, a popular link's
 * clicks) then never holds back another endpoint's fresh delivery.
 */
export async function leaseDueDeliveries(
  db: Database,
  now: number,
  limit: number,
  perEndpoint: number,
): Promise<string[]> {
  const at = sql`${iso(now)}::timestamptz`;
  // The window cannot be locked (FOR UPDATE refuses window functions): the rows it picks are locked,
  // and checked again, by the query around it.
  const result = await db.execute<{ id: string }>(sql`
    UPDATE webhook_deliveries SET leased_until = ${iso(now + DELIVERY_LEASE_MS)}::timestamptz
    WHERE id IN (
      SELECT id FROM webhook_deliveries
      WHERE id IN (
        SELECT id FROM (
          SELECT id, next_attempt_at,
                 row_number() OVER (PARTITION BY webhook_id ORDER BY next_attempt_at, id) AS turn
          FROM webhook_deliveries
          WHERE ${dueAndFree(at)}
        ) AS due
        WHERE turn <= ${perEndpoint}
        ORDER BY turn, next_attempt_at
        LIMIT ${limit}
      )
        AND ${dueAndFree(at)}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id`);
  return result.rows.map((row) => row.id);
}

/**
 * The one delivery, leased when it is due and no run holds it (by the database's clock, which set its
 * time): whether it was, and is then to be sent.
 */
export async function leaseDelivery(db: Database, id: string): Promise<boolean> {
  const result = await db.execute<{ id: string }>(sql`
    UPDATE webhook_deliveries SET leased_until = now() + ${DELIVERY_LEASE_MS} * interval '1 millisecond'
    WHERE id = ${id} AND ${dueAndFree(sql`now()`)}
    RETURNING id`);
  return result.rows.length > 0;
}

export interface DeliveryWithEndpoint {
  delivery: WebhookDeliveryRow;
  endpoint: WebhookRow;
}

export async function loadDelivery(db: Database, id: string): Promise<DeliveryWithEndpoint | undefined> {
  const [row] = await db
    .select({ delivery: webhookDeliveries, endpoint: webhooks })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(eq(webhookDeliveries.id, id))
    .limit(1);
  return row;
}

export type AttemptVerdict =
  | { state: "delivered" }
  | { state: "failed" }
  /** Tried again at `at`; `leasedUntil` when a delayed queue message already carries it. */
  | { state: "pending"; at: number; leasedUntil: number | null };

/** The attempt, appended to the delivery's log (the last MAX_ATTEMPTS kept), and what comes next. */
export async function recordAttempt(
  db: Database,
  id: string,
  attempt: DeliveryAttempt,
  verdict: AttemptVerdict,
): Promise<void> {
  const pending = verdict.state === "pending";
  await db
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      attemptLog: sql`(SELECT COALESCE(jsonb_agg(entry ORDER BY n), '[]'::jsonb) FROM (
        SELECT entry, n FROM jsonb_array_elements(${webhookDeliveries.attemptLog} || ${JSON.stringify([attempt])}::jsonb)
          WITH ORDINALITY AS log(entry, n) ORDER BY n DESC LIMIT ${MAX_ATTEMPTS}) AS kept)`,
      state: verdict.state,
      nextAttemptAt: pending ? new Date(verdict.at) : sql`${webhookDeliveries.nextAttemptAt}`,
      leasedUntil: pending && verdict.leasedUntil !== null ? new Date(verdict.leasedUntil) : null,
      finishedAt: pending ? null : sql`now()`,
    })
    .where(eq(webhookDeliveries.id, id));
}

/** A delivery that will not be attempted (its endpoint is disabled): failed, with the reason logged. */
export async function dropDelivery(db: Database, id: string, attempt: DeliveryAttempt): Promise<void> {
  await recordAttempt(db, id, attempt, { state: "failed" });
}

/** After an attempt: the endpoint's streak, as the disabling rule reads it. */
export async function recordEndpointResult(
  db: Database,
  webhookId: number,
  ok: boolean,
): Promise<WebhookRow | undefined> {
  const [row] = await db
    .update(webhooks)
    .set(
      ok
        ? { consecutiveFailures: 0, failingSince: null, failingNotifiedAt: null, lastSuccessAt: sql`now()` }
        : {
            consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1`,
            failingSince: sql`COALESCE(${webhooks.failingSince}, now())`,
          },
    )
    .where(eq(webhooks.id, webhookId))
    .returning();
  return row;
}

export async function disableEndpoint(db: Database, webhookId: number, reason: "gone" | "failing"): Promise<boolean> {
  const rows = await db
    .update(webhooks)
    .set({ state: "disabled", disabledReason: reason, disabledAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.state, "active")))
    .returning({ id: webhooks.id });
  return rows.length > 0;
}

export async function markFailingNotified(db: Database, webhookId: number): Promise<void> {
  await db.update(webhooks).set({ failingNotifiedAt: sql`now()` }).where(eq(webhooks.id, webhookId));
}

export async function listDeliveries(db: Database, webhookId: number): Promise<WebhookDeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(LISTED_DELIVERIES);
}

/** Due again now, with a fresh schedule; undefined when the endpoint has no such delivery. */
export async function requeueDelivery(
  db: Database,
  webhookId: number,
  deliveryId: string,
): Promise<WebhookDeliveryRow | undefined> {
  const [row] = await db
    .update(webhookDeliveries)
    .set({ state: "pending", attempts: 0, nextAttemptAt: sql`now()`, leasedUntil: null, finishedAt: null })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, webhookId)))
    .returning();
  return row;
}

/** A ping for the endpoint's test: a delivery like the others, attempted at once by the request. */
export async function insertPing(db: Database, webhookId: number, body: string): Promise<WebhookDeliveryRow> {
  const [row] = await db
    .insert(webhookDeliveries)
    .values({
      webhookId,
      eventType: "ping",
      body,
      leasedUntil: sql`now() + ${DELIVERY_LEASE_MS} * interval '1 millisecond'`,
    })
    .returning();
  if (!row) throw new Error("ping insert returned no row");
  return row;
}

/**
 * Deletes up to `limit` deliveries finished more than `days` ago (by the database's clock, whose times
 * they carry), oldest first; how many went.
 */
export async function deleteFinishedDeliveries(db: Database, days: number, limit: number): Promise<number> {
  const result = await db.execute<{ deleted: number }>(sql`
    WITH doomed AS (
      SELECT id FROM webhook_deliveries
      WHERE finished_at IS NOT NULL AND finished_at < now() - make_interval(days => ${days})
      ORDER BY finished_at LIMIT ${limit}
    ), gone AS (
      DELETE FROM webhook_deliveries USING doomed WHERE webhook_deliveries.id = doomed.id RETURNING 1
    )
    SELECT count(*)::int AS deleted FROM gone`);
  return Number(result.rows[0]?.deleted ?? 0);
}

/**
 * link.expired for every active link whose expires_at fell after the cursor and up to now, written in
 * the statement that moves the cursor; how many links expired.
 */
export async function announceExpiriesSinceCursor(db: Database): Promise<number> {
  const result = await db.execute<{ links: number }>(sql`
    WITH previous AS (SELECT scanned_until FROM webhook_expiry_cursor WHERE id = 1 FOR UPDATE),
    moved AS (
      UPDATE webhook_expiry_cursor AS cursor SET scanned_until = GREATEST(previous.scanned_until, now())
      FROM previous WHERE cursor.id = 1
      RETURNING previous.scanned_until AS since, cursor.scanned_until AS until
    )
    SELECT count(*)::int AS links FROM (
      SELECT linkscope_enqueue_link_event(u, 'link.expired', NULL, u.expires_at)
      FROM urls u, moved
      WHERE u.is_active AND u.expires_at > moved.since AND u.expires_at <= moved.until
    ) AS announced`);
  return Number(result.rows[0]?.links ?? 0);
}
