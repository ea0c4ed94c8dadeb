// The queue handler's one entry point: each batch goes to the consumer of the queue it came from
// (the click queue and its dead letters, scheduled health checks, webhook deliveries).
import type { WebhookMessage } from "../services/webhooks/deliver-once";
import { WEBHOOKS_QUEUE } from "../services/webhooks/dispatch-deliveries";
import { handleQueue } from "./consume-clicks";
import { consumeWebhookDeliveries } from "./consume-webhook-deliveries";
import { consumeHealthChecks, HEALTH_CHECKS_QUEUE, type HealthCheckMessage } from "./scheduled-health-checks";

export async function consumeQueue(batch: MessageBatch, env: Env): Promise<void> {
  if (batch.queue === HEALTH_CHECKS_QUEUE) await consumeHealthChecks(batch as MessageBatch<HealthCheckMessage>, env);
  else if (batch.queue === WEBHOOKS_QUEUE) await consumeWebhookDeliveries(batch as MessageBatch<WebhookMessage>, env);
  else await handleQueue(batch, env);
}
