// The cron's housekeeping of raw clicks: those older than CLICK_RETENTION_DAYS are deleted (the
// rollups keep their counts). A failure is logged, and the next minute tries again.

import { DAY_MS } from "../lib/time";
import { log } from "../observability/logger";
import { METRICS } from "../observability/metrics/definitions";
import { incrementCounter } from "../observability/metrics/recorder";
import { deleteClicksBefore } from "../services/clicks/prune-clicks";
import { runCronJob } from "./cron-job";

export async function pruneExpiredClicks(env: Env, scheduledTime: number): Promise<void> {
  await runCronJob(env, "click_pruning_failed", async ({ database, config }) => {
    const cutoff = new Date(scheduledTime - config.CLICK_RETENTION_DAYS * DAY_MS);
    const deleted = await deleteClicksBefore(database(), cutoff);
    if (deleted > 0) {
      incrementCounter(METRICS.clicksPruned, {}, deleted);
      log("info", "clicks_pruned", { deleted, before: cutoff.toISOString() });
    }
  });
}
