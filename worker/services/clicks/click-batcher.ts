// An isolate's clicks go to the queue together: one message { clicks: [...] } per 100 clicks, per
// ~100 KB, or 50 ms after the first click waiting, whichever comes first (ADR 24). At a billion
// clicks a month one message per click is most of the queue's bill and of the consumer's work.
//
// No click is left behind when the isolate goes: every message being gathered has an owner, the
// request whose click opened it, which stays alive (its waitUntil, on its own timer) until the
// message's deadline and then sends it, unless the request that filled it has sent it already (in its
// own waitUntil). An isolate is never evicted while a request is alive, so the clicks of the requests
// that only joined a message are covered by its owner's. Workers tie a promise to the request that
// created it and cancel a request that waits on nothing of its own as hung, so no request awaits
// another's promise (as flushMetrics). A first version kept every request alive, each on its own
// timers, until its message had gone: it cost a cached redirect about half its rate (docs/CAPACITY.md).
// The queue binding is the isolate's env, which every request may use.
import { log } from "../../observability/logger";
import { countClickMessageSent } from "../../observability/metrics/click-events";
import { METRICS } from "../../observability/metrics/definitions";
import { incrementCounter } from "../../observability/metrics/recorder";
import type { ClickMessage } from "./click";
import { CLICKS_PER_MESSAGE, type ClickQueueMessage } from "./click-messages";

/** Under the queue's 128 KB per message, with room for the envelope. */
export const MESSAGE_MAX_BYTES = 100_000;
/** How long the first click of a message waits for others. */
export const FLUSH_AFTER_MS = 50;
/** The send policy a single click had: three attempts, 50 and 100 ms apart. */
export const SEND_ATTEMPTS = 3;
const RETRY_BACKOFF_MS = 50;
/** What a failure's log line names, at most. */
const LOGGED_IDS = 20;

/** A click waiting in the isolate, and the request it came from (named in a failure's log line). */
export interface PendingClick {
  click: ClickMessage;
  requestId: string;
}

/** Sends one message's clicks; counts and logs its own failure, and never rejects. */
export type SendClicks = (clicks: PendingClick[]) => Promise<void>;

interface Limits {
  clicks: number;
  bytes: number;
  waitMs: number;
}

/**
 * At least the bytes of a click's JSON (and its comma), without writing it: every field is ASCII (codes,
 * punycode or percent-encoded hosts, country and colo codes, enums, numbers), the fixed keys and values
 * take under 400 bytes, and a host's character is escaped to two at most. A maximal click (a 64-character
 * code, a 255-character host) counts about 1 KB, so 100 of them stay under the queue's 128 KB.
 */
export function clickBytesAtMost(click: ClickMessage): number {
  return 400 + click.code.length + 2 * (click.referrerHost?.length ?? 0) + (click.visitor?.length ?? 0);
}

const DEFAULT_LIMITS: Limits = { clicks: CLICKS_PER_MESSAGE, bytes: MESSAGE_MAX_BYTES, waitMs: FLUSH_AFTER_MS };
// {"clicks":[]}: what the envelope adds to its clicks.
const ENVELOPE_BYTES = 12;

interface Batch {
  clicks: PendingClick[];
  bytes: number;
  /** When its first click has waited long enough (ms since the epoch). */
  deadline: number;
  /** Taken by a sender: no click joins it any more. */
  flushed: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ClickBatcher {
  private open: Batch | undefined;

  constructor(
    private readonly send: SendClicks,
    private readonly limits: Limits = DEFAULT_LIMITS,
  ) {}

  /**
   * Adds a click to the message being gathered. Returns what the caller's request must wait for (its
   * waitUntil), or nothing: the message's deadline and send when the click opened the message, the
   * send when the click filled it; a click that only joined a message returns at once, covered by
   * the message's owner. The promise never rejects, and everything it waits on is this request's own.
   */
  add(click: ClickMessage, requestId: string): Promise<void> | undefined {
    const bytes = clickBytesAtMost(click);
    const sends: Promise<void>[] = [];
    // A click that would take the message past its size sends what is there first.
    if (this.open && this.open.bytes + bytes > this.limits.bytes) sends.push(this.flush(this.open));
    const opens = this.open === undefined;
    const batch = this.open ?? this.start();
    batch.clicks.push({ click, requestId });
    batch.bytes += bytes;
    if (batch.clicks.length >= this.limits.clicks) sends.push(this.flush(batch));
    else if (opens) sends.push(this.sendAtDeadline(batch));
    if (sends.length === 0) return undefined;
    return Promise.all(sends).then(() => undefined);
  }

  /** Clicks waiting now: for tests. */
  get waiting(): number {
    return this.open?.clicks.length ?? 0;
  }

  private start(): Batch {
    const batch: Batch = {
      clicks: [],
      bytes: ENVELOPE_BYTES,
      deadline: Date.now() + this.limits.waitMs,
      flushed: false,
    };
    this.open = batch;
    return batch;
  }

  /** The owner's wait: one timer per message, then the send, unless a full message went already. */
  private async sendAtDeadline(batch: Batch): Promise<void> {
    await sleep(Math.max(0, batch.deadline - Date.now()));
    if (!batch.flushed) await this.flush(batch);
  }

  private flush(batch: Batch): Promise<void> {
    batch.flushed = true;
    if (this.open === batch) this.open = undefined;
    return this.send(batch.clicks).catch(() => undefined);
  }
}

/** One message of clicks to the queue, tried three times; counted per click, as single sends were. */
export async function sendClickMessage(queue: Queue<ClickQueueMessage>, pending: PendingClick[]): Promise<void> {
  const clicks = pending.map((entry) => entry.click);
  for (let attempt = 1; ; attempt++) {
    try {
      await queue.send({ clicks }, { contentType: "json" });
      countClickMessageSent(clicks.length, attempt);
      return;
    } catch (error) {
      if (attempt >= SEND_ATTEMPTS) {
        incrementCounter(METRICS.clickSends, { result: "error" }, clicks.length);
        const requestIds = [...new Set(pending.map((entry) => entry.requestId))];
        log("error", "click_send_failed", {
          request_id: requestIds[0],
          request_ids: requestIds.slice(0, LOGGED_IDS),
          clicks: clicks.length,
          click_ids: clicks.slice(0, LOGGED_IDS).map((click) => click.id),
          attempts: attempt,
          error: String(error),
        });
        return;
      }
      await sleep(RETRY_BACKOFF_MS * attempt);
    }
  }
}

// One batcher per queue binding: a test's stand-in queue never shares a message with the real one.
const batchers = new WeakMap<Queue<ClickQueueMessage>, ClickBatcher>();

export function clickBatcherFor(queue: Queue<ClickQueueMessage>): ClickBatcher {
  let batcher = batchers.get(queue);
  if (!batcher) {
    batcher = new ClickBatcher((clicks) => sendClickMessage(queue, clicks));
    batchers.set(queue, batcher);
  }
  return batcher;
}
