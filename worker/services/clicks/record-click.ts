// Sends a redirect's click to the queue after the response (waitUntil): never on the response
// path, and a failed send is counted and logged, never thrown.
import { configOrUndefined } from "../../config/env";
import { log } from "../../observability/logger";
import { METRICS } from "../../observability/metrics/definitions";
import { incrementCounter } from "../../observability/metrics/recorder";
import { clientIp } from "../auth/rate-limits";
import type { ClickMessage } from "./click";
import { asksNotToBeTracked, visitorHash } from "./visitor-hash";

const SEND_ATTEMPTS = 3;

async function send(queue: Queue<ClickMessage>, click: ClickMessage): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await queue.send(click);
      incrementCounter(METRICS.clickSends, { result: attempt === 1 ? "ok" : "retried" });
      return;
    } catch (error) {
      if (attempt >= SEND_ATTEMPTS) {
        incrementCounter(METRICS.clickSends, { result: "error" });
        log("error", "click_send_failed", { click_id: click.id, attempts: attempt, error: String(error) });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** A person's click gets its visitor hash (for unique clicks), unless they asked not to be tracked. */
async function withVisitor(env: Env, request: Request, click: ClickMessage): Promise<ClickMessage> {
  const secret = configOrUndefined(env)?.visitorSecret;
  if (click.kind !== "human" || !secret || asksNotToBeTracked(request.headers)) return click;
  try {
    // The link by its id (a code is one only with its domain); older messages by their code.
    const link = click.url === undefined ? click.code : `#${click.url}`;
    const visitor = { ip: clientIp(request), userAgent: request.headers.get("User-Agent") ?? "", link };
    return { ...click, visitor: await visitorHash(secret, visitor, Date.parse(click.at)) };
  } catch (error) {
    log("warn", "visitor_hash_failed", { click_id: click.id, error: String(error) });
    return click;
  }
}

export function recordClick(env: Env, ctx: ExecutionContext, click: ClickMessage, request: Request): void {
  // Absent where no queue is bound (the benchmark's raw workerd).
  const queue = env.CLICKS as Queue<ClickMessage> | undefined;
  if (queue) ctx.waitUntil(withVisitor(env, request, click).then((withHash) => send(queue, withHash)));
}
