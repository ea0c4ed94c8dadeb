// The click queue's two message shapes: one click (what every producer sent before issue 32, and
// what may still be in flight after a deploy), and { clicks: [...] }, up to 100 clicks that one isolate
// gathered (click-batcher.ts). The consumer reads both into one list of clicks.
import { z } from "zod";
import { type ClickMessage, ClickMessageSchema } from "./click";

/** At most this many clicks in one message (a queue batch then carries up to 100 × 100). */
export const CLICKS_PER_MESSAGE = 100;

/** What the producer sends: several clicks in one message. */
export interface ClickBatchMessage {
  clicks: ClickMessage[];
}

/**
 * A ClickBatchMessage's envelope as the consumer reads it: each click is then read on its own, so one
 * bad click costs only itself. Unknown fields are dropped, as the click schema's are.
 */
const ClickBatchEnvelopeSchema = z.object({ clicks: z.array(z.unknown()).min(1).max(CLICKS_PER_MESSAGE) });

/** What the click queue carries. */
export type ClickQueueMessage = ClickMessage | ClickBatchMessage;

export interface ReadClickMessage {
  clicks: ClickMessage[];
  /** Clicks (or a whole message of unknown shape, as one) that did not pass the schema. */
  malformed: number;
}

const isBatchShaped = (body: unknown): body is { clicks: unknown } =>
  typeof body === "object" && body !== null && "clicks" in body;

/** The clicks a message's body carries, and how many it carried that cannot be read. */
export function readClickMessage(body: unknown): ReadClickMessage {
  if (!isBatchShaped(body)) {
    const single = ClickMessageSchema.safeParse(body);
    return single.success ? { clicks: [single.data], malformed: 0 } : { clicks: [], malformed: 1 };
  }
  const batch = ClickBatchEnvelopeSchema.safeParse(body);
  if (!batch.success) return { clicks: [], malformed: 1 };
  const clicks: ClickMessage[] = [];
  for (const item of batch.data.clicks) {
    const click = ClickMessageSchema.safeParse(item);
    if (click.success) clicks.push(click.data);
  }
  return { clicks, malformed: batch.data.clicks.length - clicks.length };
}

/**
 * How many clicks a message carried and the first ids among them, whatever its shape: what the
 * dead-letter consumer counts (a message it cannot read at all counts as one click).
 */
export function carriedClicks(body: unknown): { count: number; ids: string[] } {
  const items = isBatchShaped(body) && Array.isArray(body.clicks) ? (body.clicks as unknown[]) : [body];
  const ids: string[] = [];
  for (const item of items) {
    const id = typeof item === "object" && item !== null && "id" in item ? item.id : undefined;
    if (typeof id === "string") ids.push(id);
  }
  return { count: Math.max(1, items.length), ids };
}
