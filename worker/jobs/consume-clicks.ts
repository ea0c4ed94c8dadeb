// The click queue's consumer: each message is one click or { clicks: [...] } (click-messages.ts), and
// a queue batch's clicks, flattened, are stored together: the human ones told unique or repeat (one
// pipelined Redis call), then one idempotent statement (the click id is the key, the rollups
// follow the rows it really inserted), so a redelivered batch adds nothing. While Postgres fails,
// the batch is retried with growing delays; after max_retries the queue moves the messages to the
// dead-letter queue, whose consumer counts and logs them (and an alert watches that count).
import { dependencyCalls } from "../observability/dependency-calls";
import { errorText } from "../observability/error-text";
import { log } from "../observability/logger";
import { countClickLag } from "../observability/metrics/click-events";
import { METRICS } from "../observability/metrics/definitions";
import { flushMetrics } from "../observability/metrics/flush";
import { incrementCounter } from "../observability/metrics/recorder";
import type { ClickMessage } from "../services/clicks/click";
import { carriedClicks, readClickMessage } from "../services/clicks/click-messages";
import { storeClickBatch } from "../services/clicks/store-click-batch";
import { openJobContext } from "../services/service-context";
import { kickDeliveries, kicksDeliveries } from "../services/webhooks/dispatch-deliveries";

export const CLICKS_QUEUE = "linkscope-clicks";
export const CLICKS_DEAD_LETTER_QUEUE = "linkscope-clicks-dlq";

/** Seconds before a failed batch is tried again: doubling, at most five minutes. */
export const retryDelaySeconds = (attempts: number) => Math.min(300, 2 ** Math.max(0, attempts));

/** Seconds from the oldest click a message carries to now: the lag of its most delayed click. */
function lagSeconds(now: number, clicks: ClickMessage[], sentAt: Date): number {
  let oldest = Number.POSITIVE_INFINITY;
  for (const click of clicks) oldest = Math.min(oldest, Date.parse(click.at));
  if (!Number.isFinite(oldest)) oldest = sentAt.getTime();
  return Math.max(0, now - oldest) / 1000;
}

interface ReadBatch {
  /** The batch's clicks, each once (a message sent twice by a producer's retry carries the same ids). */
  clicks: ClickMessage[];
  /** The messages that carried a click: the ones retried when storing fails. */
  readable: Message[];
  /** Clicks that cannot be read in the readable messages: counted once their messages are acked. */
  malformedInReadable: Malformed;
}

interface Malformed {
  clicks: number;
  messageIds: string[];
}

/**
 * Reads every message, single click or { clicks }. A message with nothing readable is acked now and
 * counted: no retry can mend it, and retried it would carry its batch-mates to the dead letters.
 */
function readBatch(batch: MessageBatch<unknown>, now: number): ReadBatch {
  const clicks = new Map<string, ClickMessage>();
  const readable: Message[] = [];
  const malformedInReadable: Malformed = { clicks: 0, messageIds: [] };
  for (const message of batch.messages) {
    const read = readClickMessage(message.body);
    if (read.clicks.length === 0) {
      message.ack();
      countMalformed({ clicks: read.malformed, messageIds: [message.id] });
      continue;
    }
    readable.push(message);
    if (read.malformed > 0) {
      malformedInReadable.clicks += read.malformed;
      malformedInReadable.messageIds.push(message.id);
    }
    for (const click of read.clicks) clicks.set(click.id, click);
    countClickLag(lagSeconds(now, read.clicks, message.timestamp));
  }
  return { clicks: [...clicks.values()], readable, malformedInReadable };
}

function countMalformed({ clicks, messageIds }: Malformed): void {
  if (clicks === 0) return;
  incrementCounter(METRICS.clicksMalformed, {}, clicks);
  log("error", "clicks_malformed", { clicks, message_ids: messageIds.slice(0, 20) });
}

async function consumeClicks(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const { clicks, readable, malformedInReadable } = readBatch(batch, Date.now());
  if (readable.length === 0) return;
  let finish: (() => Promise<void>) | undefined;
  try {
    // Inside the try: a configuration that does not parse retries the batch like any failure.
    const opened = openJobContext(env, "click-consumer");
    finish = opened.finish;
    const { context } = opened;
    const stored = await storeClickBatch(context, clicks);
    incrementCounter(METRICS.clicksStored, {}, stored);
    incrementCounter(METRICS.clickBatches, { result: "ok" });
    batch.ackAll();
    countMalformed(malformedInReadable);
    // The batch's link.clicked deliveries (written by its statement) go out now.
    if (stored > 0 && kicksDeliveries(env, context.config)) {
      dependencyCalls().postgresFromQueue += 1; // one lease statement
      await kickDeliveries(env, context.config);
    }
  } catch (error) {
    incrementCounter(METRICS.clickBatches, { result: "retry" });
    log("warn", "click_batch_failed", { messages: readable.length, clicks: clicks.length, error: errorText(error) });
    for (const message of readable) {
      incrementCounter(METRICS.clickRetries);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  } finally {
    await finish?.();
  }
}

/** Counts the clicks that reached the dead letters (a { clicks } message counts each it carries). */
function consumeDeadLetters(batch: MessageBatch<unknown>): void {
  let clicks = 0;
  const clickIds: string[] = [];
  for (const message of batch.messages) {
    const carried = carriedClicks(message.body);
    clicks += carried.count;
    clickIds.push(...carried.ids.slice(0, 20 - clickIds.length));
  }
  incrementCounter(METRICS.clickDeadLetters, {}, clicks);
  log("error", "clicks_dead_lettered", { messages: batch.messages.length, clicks, click_ids: clickIds });
  batch.ackAll();
}

export async function handleQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  try {
    if (batch.queue === CLICKS_DEAD_LETTER_QUEUE) consumeDeadLetters(batch);
    else await consumeClicks(batch, env);
  } finally {
    await flushMetrics(env, true);
  }
}
