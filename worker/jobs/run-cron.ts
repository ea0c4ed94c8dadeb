// The cron trigger's one entry point, each minute: the service's own alerts first (they must not wait
// for anything), then every job on links and deliveries. Each job logs its own failure and the next
// still runs; what they counted is flushed once, at the end.
import { flushMetrics } from "../observability/metrics/flush";
import { announceExpiredLinks } from "./announce-expired-links";
import { maintainClickPartitions } from "./click-partitions";
import { recheckDomains } from "./domain-rechecks";
import { runLinkAnomalies } from "./evaluate-link-anomalies";
import { runScheduledEvaluation } from "./evaluate-service-alerts";
import { foldPendingClickCounts } from "./fold-click-counts";
import { sendHealthDigest } from "./health-digest";
import { enqueueDueChecks } from "./scheduled-health-checks";
import { sweepDueDeliveries } from "./sweep-webhook-deliveries";
import { pruneFinishedDeliveries } from "./webhook-delivery-retention";

export async function runCron(env: Env, scheduledTime: number): Promise<void> {
  await runScheduledEvaluation(env, scheduledTime);
  try {
    await runLinkAnomalies(env, scheduledTime);
    await enqueueDueChecks(env, scheduledTime);
    await sendHealthDigest(env, scheduledTime);
    await recheckDomains(env, scheduledTime);
    await maintainClickPartitions(env, scheduledTime);
    await foldPendingClickCounts(env);
    await announceExpiredLinks(env);
    await sweepDueDeliveries(env);
    await pruneFinishedDeliveries(env);
  } finally {
    await flushMetrics(env, true);
  }
}
