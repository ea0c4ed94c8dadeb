// The worker's only default export. Redirects take the hot path; everything else goes to Hono.
import { runScheduledEvaluation } from "./alerts/scheduled";
import { runLinkAnomalies } from "./anomalies/evaluate-link-anomalies";
import { buildApp } from "./app";
import type { ClickMessage } from "./clicks/click";
import { pruneExpiredClicks } from "./clicks/click-retention";
import { handleQueue } from "./clicks/consume-clicks";
import { sendHealthDigest } from "./link-health/health-digest";
import {
  consumeHealthChecks,
  enqueueDueChecks,
  HEALTH_CHECKS_QUEUE,
  type HealthCheckMessage,
} from "./link-health/scheduled-checks";
import { flushMetrics } from "./observability/metrics/flush";
import { redirectCodeOf, serveRedirect, serveRedirectFromIsolate } from "./routes/redirect/serve-redirect";
import { serveUnlock, unlockCodeOf } from "./routes/redirect/unlock-link";
import { consumeWebhookDeliveries } from "./webhooks/consume-deliveries";
import type { WebhookMessage } from "./webhooks/deliver-once";
import { pruneFinishedDeliveries } from "./webhooks/delivery-retention";
import { sweepDueDeliveries, WEBHOOKS_QUEUE } from "./webhooks/dispatch-deliveries";
import { announceExpiredLinks } from "./webhooks/expired-links";

export { AlertState } from "./durable-objects/alert-state";
export { LinkQuota } from "./durable-objects/link-quota";
export { LogRing } from "./durable-objects/log-ring";
export { MetricsShard } from "./durable-objects/metrics-shard";
export { PasswordAttempts } from "./durable-objects/password-attempts";

const app = buildApp();

export default {
  fetch(request, env, ctx) {
    const code = redirectCodeOf(request);
    if (code === undefined) {
      const locked = unlockCodeOf(request);
      return locked === undefined ? app.fetch(request, env, ctx) : serveUnlock(locked, request, env, ctx);
    }
    return serveRedirectFromIsolate(code, request, env, ctx) ?? serveRedirect(code, request, env, ctx);
  },
  async queue(batch, env, _ctx) {
    if (batch.queue === HEALTH_CHECKS_QUEUE) await consumeHealthChecks(batch as MessageBatch<HealthCheckMessage>, env);
    else if (batch.queue === WEBHOOKS_QUEUE) await consumeWebhookDeliveries(batch as MessageBatch<WebhookMessage>, env);
    else await handleQueue(batch as MessageBatch<ClickMessage>, env);
  },
  async scheduled(controller, env, _ctx) {
    await runScheduledEvaluation(env, controller.scheduledTime);
    // After the service's alerts, which must not wait for them; each logs its own failure, and
    // what they counted is flushed once.
    try {
      await runLinkAnomalies(env, controller.scheduledTime);
      await enqueueDueChecks(env, controller.scheduledTime);
      await sendHealthDigest(env, controller.scheduledTime);
      await pruneExpiredClicks(env, controller.scheduledTime);
      await announceExpiredLinks(env);
      await sweepDueDeliveries(env);
      await pruneFinishedDeliveries(env);
    } finally {
      await flushMetrics(env, true);
    }
  },
} satisfies ExportedHandler<Env>;
