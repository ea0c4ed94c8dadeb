// Sends a redirect's click to the queue after the response (waitUntil): never on the response
// path, and a failed send is counted and logged, never thrown.
import { log } from "../observability/logger";
import { METRICS } from "../observability/metrics/definitions";
import { incrementCounter } from "../observability/metrics/recorder";
import type { ClickMessage } from "./click";

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

export function recordClick(env: Env, ctx: ExecutionContext, click: ClickMessage): void {
  // Absent where no queue is bound (the benchmark's raw workerd).
  const queue = env.CLICKS as Queue<ClickMessage> | undefined;
  if (queue) ctx.waitUntil(send(queue, click));
}
