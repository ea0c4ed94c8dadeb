// The cron's sweep of webhook deliveries: every due delivery whose lease ran out (a lost queue
// message, a retry sent without one) goes to the queue again.
import { log } from "../observability/logger";
import { dispatchDueDeliveries, webhookQueue } from "../services/webhooks/dispatch-deliveries";
import { runCronJob } from "./cron-job";

/** Deliveries the cron's sweep sends per minute at most. */
const SWEEP_LIMIT = 1_000;

export async function sweepDueDeliveries(env: Env): Promise<void> {
  const queue = webhookQueue(env);
  if (!queue) return;
  await runCronJob(env, "webhook_sweep_failed", async ({ database, config }) => {
    if (!config.webhooksDispatched) return;
    const sent = await dispatchDueDeliveries(database(), queue, SWEEP_LIMIT);
    if (sent > 0) log("info", "webhook_deliveries_swept", { deliveries: sent });
  });
}
