// The cron's fold of uncapped links' pending human clicks into urls.clicks_used, each minute
// (services/clicks/click-count-deltas.ts). A failure is logged, and the next minute tries again: the
// counts wait in their table meanwhile.
import { log } from "../observability/logger";
import { METRICS } from "../observability/metrics/definitions";
import { incrementCounter } from "../observability/metrics/recorder";
import { foldClickCounts } from "../services/clicks/click-count-deltas";
import { runCronJob } from "./cron-job";

export async function foldPendingClickCounts(env: Env): Promise<void> {
  await runCronJob(env, "click_count_fold_failed", async ({ database }) => {
    const links = await foldClickCounts(database());
    if (links > 0) {
      incrementCounter(METRICS.clickCountsFolded, {}, links);
      log("info", "click_counts_folded", { links });
    }
  });
}
