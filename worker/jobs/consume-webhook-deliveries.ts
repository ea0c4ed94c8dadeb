// The webhook queue's consumer: each message is one attempt of one delivery. The batch's attempts run
// together, so one receiver that hangs (15 s) does not hold the others back.
import { readConfig } from "../config/env";
import { log } from "../observability/logger";
import { flushMetrics } from "../observability/metrics/flush";
import { lazyDatabase } from "../services/lazy-database";
import { deliverOnce, type WebhookMessage } from "../services/webhooks/deliver-once";
import { webhookQueue } from "../services/webhooks/dispatch-deliveries";

export async function consumeWebhookDeliveries(batch: MessageBatch<WebhookMessage>, env: Env): Promise<void> {
  const config = readConfig(env);
  const { database, closer } = lazyDatabase(config);
  const queue = webhookQueue(env);
  if (!config.webhooksDispatched) {
    // Paused: the deliveries stay pending (their leases run out) and go out once dispatch is on.
    batch.ackAll();
    return;
  }
  try {
    await Promise.all(
      batch.messages.map(async (message) => {
        try {
          await deliverOnce({ db: database(), config, queue }, message.body.deliveryId);
          message.ack();
        } catch (error) {
          // Our side failed (Postgres): the same attempt again shortly; the lease keeps the cron off it.
          log("warn", "webhook_delivery_failed", { delivery_id: message.body.deliveryId, error: String(error) });
          message.retry({ delaySeconds: 30 });
        }
      }),
    );
  } finally {
    await closer()?.().catch(() => undefined);
    await flushMetrics(env, true);
  }
}
