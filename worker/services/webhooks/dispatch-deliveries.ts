// Sends due deliveries to the webhook queue: right after the write that created them (in waitUntil,
// never on the response path), after each batch of stored clicks, and each minute from the cron for
// retries whose queue message was lost (jobs/sweep-webhook-deliveries.ts). Each is leased first, so no two runs send it together.
import type { Database } from "../../../db/client";
import type { Config } from "../../config/env";
import { log } from "../../observability/logger";
import { lazyDatabase } from "../lazy-database";
import type { WebhookMessage } from "./deliver-once";
import { leaseDelivery, leaseDueDeliveries } from "./delivery-store";

export const WEBHOOKS_QUEUE = "linkscope-webhooks";
/** A queue's sendBatch takes at most 100 messages. */
const BATCH = 100;
/** One endpoint's deliveries in one lease at most (they are taken in turns across endpoints anyway). */
export const LEASE_PER_ENDPOINT = BATCH / 2;

export function webhookQueue(env: Env): Queue<WebhookMessage> | undefined {
  return env.WEBHOOKS as Queue<WebhookMessage> | undefined;
}

/**
 * Leases and enqueues up to `limit` due deliveries, BATCH per lease statement, in turns across
 * endpoints (worker/services/webhooks/delivery-store.ts); how many went. A short lease is no sign that
 * nothing is left (one endpoint's backlog fills only LEASE_PER_ENDPOINT of it): it stops at an empty one.
 */
export async function dispatchDueDeliveries(
  db: Database,
  queue: Queue<WebhookMessage>,
  limit = BATCH,
): Promise<number> {
  const now = Date.now();
  let sent = 0;
  while (sent < limit) {
    const ids = await leaseDueDeliveries(db, now, Math.min(BATCH, limit - sent), LEASE_PER_ENDPOINT);
    if (ids.length === 0) break;
    await queue.sendBatch(ids.map((deliveryId) => ({ body: { deliveryId } })));
    sent += ids.length;
  }
  return sent;
}

/** Whether kickDeliveries will query (one statement): a queue bound, a database, dispatch on. */
export const kicksDeliveries = (env: Env, config: Config): boolean =>
  webhookQueue(env) !== undefined && config.DATABASE_URL !== "" && config.webhooksDispatched;

/**
 * Dispatch work after a response (in waitUntil): its own database handle, opened only when a queue is
 * bound and dispatch is on; a failure is logged, and the cron's sweep sends what is due a minute later.
 */
async function dispatchAfterResponse(
  env: Env,
  config: Config,
  context: Record<string, unknown>,
  work: (db: Database, queue: Queue<WebhookMessage>) => Promise<unknown>,
): Promise<void> {
  const queue = webhookQueue(env);
  if (!queue || !kicksDeliveries(env, config)) return;
  const { database, closer } = lazyDatabase(config);
  try {
    await work(database(), queue);
  } catch (error) {
    log("warn", "webhook_dispatch_failed", { ...context, error: String(error) });
  } finally {
    await closer()?.().catch(() => undefined);
  }
}

/**
 * After a write or a batch of clicks: what it made due goes out now, up to one batch (one lease
 * statement when nothing is due, one more after each that sent some); whatever is left goes with the
 * next write or the cron's sweep.
 */
export function kickDeliveries(env: Env, config: Config): Promise<void> {
  return dispatchAfterResponse(env, config, {}, (db, queue) => dispatchDueDeliveries(db, queue, BATCH));
}

/**
 * After a manual retry: that delivery goes to the queue now, whatever else is due, rather than with the
 * next write's dispatch or the cron's sweep.
 */
export function kickDelivery(env: Env, config: Config, deliveryId: string): Promise<void> {
  return dispatchAfterResponse(env, config, { delivery_id: deliveryId }, async (db, queue) => {
    if (await leaseDelivery(db, deliveryId)) await queue.send({ deliveryId });
  });
}
