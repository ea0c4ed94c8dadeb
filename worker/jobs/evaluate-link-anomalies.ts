// The cron's per-link anomaly work: each hour, a few minutes after it ends, the hour is judged
// (services/anomalies/evaluate-anomalies.ts); every minute the emails still owed are sent.
import { HOUR_MS, MINUTE_MS } from "../lib/time";
import { log } from "../observability/logger";
import { evaluateHour, RETRY_AFTER_MS, sendPendingNotices } from "../services/anomalies/evaluate-anomalies";
import { runCronJob } from "./cron-job";

export async function runLinkAnomalies(env: Env, scheduledTime: number): Promise<void> {
  await runCronJob(env, "link_anomaly_evaluation_failed", async ({ database, config }) => {
    const hour = Math.floor(scheduledTime / HOUR_MS) * HOUR_MS - HOUR_MS; // the last complete hour
    if (scheduledTime - (hour + HOUR_MS) >= config.ANOMALY_EVALUATION_DELAY_MINUTES * MINUTE_MS) {
      const run = await evaluateHour(database(), hour, config);
      if (run) {
        log("info", "link_anomalies_evaluated", { hour: new Date(hour).toISOString(), links: run.links });
        await sendPendingNotices(database(), config, { urlIds: run.notified });
      }
    }
    await sendPendingNotices(database(), config, { olderThanMs: RETRY_AFTER_MS });
  });
}
