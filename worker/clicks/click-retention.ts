// The cron's housekeeping of raw clicks: those older than CLICK_RETENTION_DAYS are deleted (the
// rollups keep their counts). A failure is logged and counted, and the next minute tries again.
import { readConfig } from "../env";
import { log } from "../observability/logger";
import { METRICS } from "../observability/metrics/definitions";
import { flushMetrics } from "../observability/metrics/flush";
import { incrementCounter } from "../observability/metrics/recorder";
import { deleteClicksBefore } from "../services/clicks/prune-clicks";
import { lazyDatabase } from "../services/lazy-database";

const DAY_MS = 86_400_000;

export async function pruneExpiredClicks(env: Env, scheduledTime: number): Promise<void> {
  try {
    const config = readConfig(env);
    if (!config.DATABASE_URL) return;
    const { database, closer } = lazyDatabase(config);
    try {
      const cutoff = new Date(scheduledTime - config.CLICK_RETENTION_DAYS * DAY_MS);
      const deleted = await deleteClicksBefore(database(), cutoff);
      if (deleted > 0) {
        incrementCounter(METRICS.clicksPruned, {}, deleted);
        log("info", "clicks_pruned", { deleted, before: cutoff.toISOString() });
      }
    } finally {
      await closer()?.().catch(() => undefined);
    }
  } catch (error) {
    log("error", "click_pruning_failed", { error: error instanceof Error ? error.message : String(error) });
  } finally {
    await flushMetrics(env, true);
  }
}
