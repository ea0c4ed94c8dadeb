// One attempt of one delivery, from its row to its next step: signed with the endpoint's secrets,
// sent, recorded in the delivery's log, and judged (delivered; tried again on the schedule; failed
// for good), with the endpoint's streak updated and the endpoint disabled or its owner told when the
// rules say so. A delivery no longer pending (a duplicate queue message) is left alone.
import type { Database } from "../../../db/client";
import type { Config } from "../../config/env";
import type { DeliveryAttempt } from "../../domain/webhook-words";
import { log } from "../../observability/logger";
import { METRICS } from "../../observability/metrics/definitions";
import { incrementCounter, observeHistogram } from "../../observability/metrics/recorder";
import { type AttemptOutcome, attemptDelivery } from "./attempt-delivery";
import {
  type AttemptVerdict,
  DELIVERY_LEASE_MS,
  disableEndpoint,
  dropDelivery,
  loadDelivery,
  markFailingNotified,
  recordAttempt,
  recordEndpointResult,
} from "./delivery-store";
import { mailEndpointOwner } from "./endpoint-email";
import { judgeEndpoint, retryDelayMs } from "./endpoint-health";
import { signDelivery } from "./signing";
import { sealingKey, signingSecrets } from "./signing-secrets";

export interface WebhookMessage {
  deliveryId: string;
}

/** A queue message this early is still taken (the queue's delays are not to the millisecond). */
const EARLY_MS = 1_000;
/** A queue message waits at most this long (Cloudflare Queues' delaySeconds limit). */
const MAX_QUEUE_DELAY_SECONDS = 43_200;

export interface DeliveryContext {
  db: Database;
  config: Config;
  /** Where a retry is sent, delayed; without it the cron's sweep sends it when due. */
  queue?: Queue<WebhookMessage> | undefined;
  fetcher?: typeof fetch;
  /** The attempt's time limit (DELIVERY_TIMEOUT_MS); shorter in tests. */
  timeoutMs?: number;
  /** false for a ping: one attempt, whatever its outcome. */
  retries?: boolean;
}

/** The standard's message id: the same for every attempt of a delivery. */
export const messageIdOf = (deliveryId: string) => `msg_${deliveryId.replaceAll("-", "")}`;

const attemptOf = (startedAt: number, outcome: Pick<AttemptOutcome, "status" | "latencyMs" | "error">) => ({
  at: new Date(startedAt).toISOString(),
  status: outcome.status,
  latency_ms: Math.round(outcome.latencyMs),
  error: outcome.error,
});

async function scheduleRetry(context: DeliveryContext, deliveryId: string, delayMs: number, now: number) {
  const at = now + delayMs;
  if (!context.queue) return { state: "pending", at, leasedUntil: null } as const;
  try {
    const delaySeconds = Math.min(MAX_QUEUE_DELAY_SECONDS, Math.ceil(delayMs / 1000));
    await context.queue.send({ deliveryId }, { delaySeconds });
    return { state: "pending", at, leasedUntil: at + DELIVERY_LEASE_MS } as const;
  } catch (error) {
    // The cron's sweep sends it once it is due.
    log("warn", "webhook_retry_send_failed", { delivery_id: deliveryId, error: String(error) });
    return { state: "pending", at, leasedUntil: null } as const;
  }
}

export interface DeliveryResult {
  attempt: DeliveryAttempt;
  verdict: AttemptVerdict["state"];
}

export async function deliverOnce(context: DeliveryContext, deliveryId: string): Promise<DeliveryResult | undefined> {
  const { db, config } = context;
  const loaded = await loadDelivery(db, deliveryId);
  const startedAt = Date.now();
  // Done already, or not due yet (a message that came early, or twice): nothing to do.
  const due = loaded?.delivery.state === "pending" && loaded.delivery.nextAttemptAt.getTime() <= startedAt + EARLY_MS;
  if (!loaded || !due) return undefined;
  const { delivery, endpoint } = loaded;
  if (endpoint.state !== "active") {
    const attempt = attemptOf(startedAt, { status: null, latencyMs: 0, error: "endpoint_disabled" });
    await dropDelivery(db, delivery.id, attempt);
    incrementCounter(METRICS.webhookDeliveries, { outcome: "dropped" });
    return { attempt, verdict: "failed" };
  }
  const secrets = await signingSecrets(sealingKey(config), endpoint, startedAt);
  const outcome: AttemptOutcome = secrets
    ? await attemptDelivery(
        endpoint.url,
        await signDelivery(secrets, messageIdOf(delivery.id), Math.floor(startedAt / 1000), delivery.body),
        delivery.body,
        {
          policy: config.destinationPolicy,
          fetcher: context.fetcher,
          timeoutMs: context.timeoutMs,
          resolver: config.outboundResolver,
        },
      )
    : { ok: false, status: null, latencyMs: 0, error: "unsigned", retryAfterMs: null, gone: false };
  if (!secrets) log("error", "webhook_secret_unreadable", { webhook_id: endpoint.id });
  observeHistogram(METRICS.webhookDeliveryDuration, {}, outcome.latencyMs / 1000);

  const attempt = attemptOf(startedAt, outcome);
  const delay =
    outcome.ok || outcome.gone || context.retries === false
      ? null
      : retryDelayMs(delivery.attempts + 1, outcome.retryAfterMs);
  const verdict: AttemptVerdict = outcome.ok
    ? { state: "delivered" }
    : delay === null
      ? { state: "failed" }
      : await scheduleRetry(context, delivery.id, delay, Date.now());
  await recordAttempt(db, delivery.id, attempt, verdict);
  incrementCounter(METRICS.webhookDeliveries, {
    outcome: verdict.state === "pending" ? "retry" : verdict.state,
  });
  await judge(context, endpoint.id, outcome);
  return { attempt, verdict: verdict.state };
}

/** The endpoint after this attempt: its streak, and whether to disable it or tell its owner. */
async function judge(context: DeliveryContext, webhookId: number, outcome: AttemptOutcome): Promise<void> {
  const { db, config } = context;
  const updated = await recordEndpointResult(db, webhookId, outcome.ok);
  if (!updated || outcome.ok) return;
  const verdict = outcome.gone
    ? "disable"
    : judgeEndpoint(
        {
          consecutiveFailures: updated.consecutiveFailures,
          failingSince: updated.failingSince?.getTime() ?? null,
          lastSuccessAt: updated.lastSuccessAt?.getTime() ?? null,
          createdAt: updated.createdAt.getTime(),
          failingNotifiedAt: updated.failingNotifiedAt?.getTime() ?? null,
        },
        Date.now(),
      );
  if (verdict === "disable") {
    const reason = outcome.gone ? "gone" : "failing";
    if (await disableEndpoint(db, webhookId, reason)) {
      log("warn", "webhook_disabled", { webhook_id: webhookId, reason, failures: updated.consecutiveFailures });
      await mailEndpointOwner(db, config, "disabled", { ...updated, state: "disabled", disabledReason: reason });
    }
  } else if (verdict === "notify_failing") {
    await markFailingNotified(db, webhookId);
    log("warn", "webhook_failing", { webhook_id: webhookId, failures: updated.consecutiveFailures });
    await mailEndpointOwner(db, config, "failing", updated);
  }
}
