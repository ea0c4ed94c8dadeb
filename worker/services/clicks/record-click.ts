// Hands a redirect's click to the isolate's click batcher: the message carrying it is sent after the
// response, by a request that stays alive for it (waitUntil), and a failed send is counted and logged,
// never thrown (click-batcher.ts).
import { configOrUndefined } from "../../config/env";
import { log } from "../../observability/logger";
import { clientIp } from "../auth/rate-limits";
import type { ClickMessage } from "./click";
import { clickBatcherFor } from "./click-batcher";
import type { ClickQueueMessage } from "./click-messages";
import { asksNotToBeTracked, visitorHash } from "./visitor-hash";

/** A person's click gets its visitor hash (for unique clicks), unless they asked not to be tracked. */
function withVisitor(env: Env, request: Request, click: ClickMessage): ClickMessage {
  const secret = configOrUndefined(env)?.visitorSecret;
  if (click.kind !== "human" || !secret || asksNotToBeTracked(request.headers)) return click;
  try {
    // The link by its id (a code is one only with its domain); older messages by their code.
    const link = click.url === undefined ? click.code : `#${click.url}`;
    const visitor = { ip: clientIp(request), userAgent: request.headers.get("User-Agent") ?? "", link };
    return { ...click, visitor: visitorHash(secret, visitor, Date.parse(click.at)) };
  } catch (error) {
    log("warn", "visitor_hash_failed", { click_id: click.id, error: String(error) });
    return click;
  }
}

export function recordClick(
  env: Env,
  ctx: ExecutionContext,
  click: ClickMessage,
  request: Request,
  requestId: string,
): void {
  // Absent where no queue is bound (the benchmark's raw workerd variants, but for its click ones).
  const queue = env.CLICKS as Queue<ClickQueueMessage> | undefined;
  if (!queue) return;
  // The visitor hash comes first: a click joins the message as it will be stored. Only the request
  // that opens or fills a message waits for anything (click-batcher.ts).
  const pending = clickBatcherFor(queue).add(withVisitor(env, request, click), requestId);
  if (pending) ctx.waitUntil(pending);
}
