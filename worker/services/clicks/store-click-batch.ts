// One batch of the click queue, stored: its human clicks told unique or repeat (one pipelined Redis
// call), the batch written as one idempotent statement, and the cached answers of links whose click
// cap it moved dropped (a failure there only logs).
import { invalidateCaches } from "../../cache/invalidate";
import { dependencyCalls } from "../../observability/dependency-calls";
import type { ServiceContext } from "../service-context";
import type { ClickMessage } from "./click";
import { storeClicks } from "./store-clicks";
import { decideUniqueClicks } from "./unique-clicks";

/** How many clicks the batch really added (a redelivered batch adds none). */
export async function storeClickBatch(context: ServiceContext, messages: ClickMessage[]): Promise<number> {
  const clicks = await decideUniqueClicks(context.cache.redis, messages);
  dependencyCalls().postgresFromQueue += 1; // storeClicks is one statement
  const { stored, cappedUrlIds } = await storeClicks(context.config, clicks);
  if (cappedUrlIds.length > 0) {
    // clicks_remaining changed: the cached responses of those links go.
    if (context.cache.redis) dependencyCalls().redisFromQueue += 1; // one pipelined call
    await invalidateCaches(context.cache, { urls: cappedUrlIds, lists: ["urls"] }, context.requestId);
  }
  return stored;
}
