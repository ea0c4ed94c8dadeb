// Finished webhook deliveries (delivered or failed) are kept 30 days for their log, then deleted by the
// cron, oldest first, in bounded statements; pending ones are never deleted.

import { log } from "../observability/logger";
import { deleteFinishedDeliveries } from "../services/webhooks/delivery-store";
import { runCronJob } from "./cron-job";

export const DELIVERY_RETENTION_DAYS = 30;
const BATCH = 5_000;
/** At most this many a minute, so a backlog of old rows is worked off without a long statement. */
const PER_RUN = 50_000;

export async function pruneFinishedDeliveries(env: Env): Promise<void> {
  await runCronJob(env, "webhook_delivery_pruning_failed", async ({ database }) => {
    let pruned = 0;
    while (pruned < PER_RUN) {
      const deleted = await deleteFinishedDeliveries(database(), DELIVERY_RETENTION_DAYS, BATCH);
      pruned += deleted;
      if (deleted < BATCH) break;
    }
    if (pruned > 0) log("info", "webhook_deliveries_pruned", { deliveries: pruned });
  });
}
