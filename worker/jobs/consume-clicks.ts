// The click queue's consumer: each batch's human clicks are told unique or repeat (one pipelined
// Redis call), then the batch is one idempotent statement (the click id is the key, the rollups
// follow the rows it really inserted), so a redelivered batch adds nothing. While Postgres fails,
// the batch is retried with growing delays; after max_retries the queue moves the messages to the
// dead-letter queue, whose consumer counts and logs them (and an alert watches that count).
import { dependencyCalls } from "../observability/dependency-calls";
import { log } from "../observability/logger";
import { METRICS } from "../observability/metrics/definitions";
import { flushMetrics } from "../observability/metrics/flush";
import { incrementCounter, observeHistogram } from "../observability/metrics/recorder";
import type { ClickMessage } from "../services/clicks/click";
import { storeClickBatch } from "../services/clicks/store-click-batch";
import { openJobContext } from "../services/service-context";
import { kickDeliveries, kicksDeliveries } from "../services/webhooks/dispatch-deliveries";

export const CLICKS_QUEUE = "linkscope-clicks";
export const CLICKS_DEAD_LETTER_QUEUE = "linkscope-clicks-dlq";

/** Seconds before a failed batch is tried again: doubling, at most five minutes. */
export const retryDelaySeconds = (attempts: number) => Math.min(300, 2 ** Math.max(0, attempts));

async function consumeClicks(batch: MessageBatch<ClickMessage>, env: Env): Promise<void> {
  const now = Date.now();
  for (const message of batch.messages) {
    observeHistogram(METRICS.clickLag, {}, Math.max(0, now - message.timestamp.getTime()) / 1000);
  }
  let finish: (() => Promise<void>) | undefined;
  try {
    // Inside the try: a configuration that does not parse retries the batch like any failure.
    const opened = openJobContext(env, "click-consumer");
    finish = opened.finish;
    const { context } = opened;
    const stored = await storeClickBatch(
      context,
      batch.messages.map((message) => message.body),
    );
    incrementCounter(METRICS.clicksStored, {}, stored);
    incrementCounter(METRICS.clickBatches, { result: "ok" });
    batch.ackAll();
    // The batch's link.clicked deliveries (written by its statement) go out now.
    if (stored > 0 && kicksDeliveries(env, context.config)) {
      dependencyCalls().postgresFromQueue += 1; // one lease statement
      await kickDeliveries(env, context.config);
    }
  } catch (error) {
    incrementCounter(METRICS.clickBatches, { result: "retry" });
    log("warn", "click_batch_failed", { messages: batch.messages.length, error: String(error) });
    for (const message of batch.messages) {
      incrementCounter(METRICS.clickRetries);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  } finally {
    await finish?.();
  }
}

function consumeDeadLetters(batch: MessageBatch<ClickMessage>): void {
  incrementCounter(METRICS.clickDeadLetters, {}, batch.messages.length);
  log("error", "clicks_dead_lettered", {
    messages: batch.messages.length,
    click_ids: batch.messages.slice(0, 20).map((message) => message.body.id),
  });
  batch.ackAll();
}

export async function handleQueue(batch: MessageBatch<ClickMessage>, env: Env): Promise<void> {
  try {
    if (batch.queue === CLICKS_DEAD_LETTER_QUEUE) consumeDeadLetters(batch);
    else await consumeClicks(batch, env);
  } finally {
    await flushMetrics(env, true);
  }
}
