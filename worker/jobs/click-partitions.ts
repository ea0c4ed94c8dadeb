// The cron's housekeeping of raw clicks, each minute: the partitions of today and the next
// CLICK_PARTITION_DAYS_AHEAD days exist (so a click lands in its day, never in the default partition,
// while the cron runs at least once a week), the days wholly older than CLICK_RETENTION_DAYS are dropped
// with their clicks, and the default partition's clicks older than that are deleted in batches (the
// rollups keep every count). A failure is logged, and the next minute tries again.

import { DAY_MS } from "../lib/time";
import { log } from "../observability/logger";
import { METRICS } from "../observability/metrics/definitions";
import { incrementCounter } from "../observability/metrics/recorder";
import {
  deleteDefaultPartitionClicksBefore,
  dropClickPartitionsBefore,
  ensureClickPartitions,
  utcDay,
} from "../services/clicks/prune-clicks";
import { runCronJob } from "./cron-job";

export const CLICK_PARTITION_DAYS_AHEAD = 7;

export async function maintainClickPartitions(env: Env, scheduledTime: number): Promise<void> {
  await runCronJob(env, "click_pruning_failed", async ({ database, config }) => {
    const created = await ensureClickPartitions(
      database(),
      utcDay(scheduledTime),
      utcDay(scheduledTime + CLICK_PARTITION_DAYS_AHEAD * DAY_MS),
    );
    if (created > 0) {
      incrementCounter(METRICS.clickPartitionsCreated, {}, created);
      log("info", "click_partitions_created", { created });
    }
    const cutoff = new Date(scheduledTime - config.CLICK_RETENTION_DAYS * DAY_MS);
    // A day goes once all of it is older than the retention: up to a day later than its oldest click.
    const dropped = await dropClickPartitionsBefore(database(), utcDay(cutoff));
    if (dropped > 0) {
      incrementCounter(METRICS.clickPartitionsDropped, {}, dropped);
      log("info", "click_partitions_dropped", { dropped, before: utcDay(cutoff) });
    }
    const deleted = await deleteDefaultPartitionClicksBefore(database(), cutoff);
    if (deleted > 0) {
      incrementCounter(METRICS.clicksPruned, {}, deleted);
      log("info", "clicks_pruned", { deleted, before: cutoff.toISOString() });
    }
  });
}
