// The cron trigger's work: evaluate the alerts, count the outcome, flush this isolate's metrics.
import { log } from "../observability/logger";
import { METRICS } from "../observability/metrics/definitions";
import { flushMetrics } from "../observability/metrics/flush";
import { incrementCounter } from "../observability/metrics/recorder";
import { evaluateAlerts } from "../services/alerts/evaluate-alerts";

export async function runScheduledEvaluation(env: Env, scheduledTime: number): Promise<void> {
  try {
    const result = await evaluateAlerts(env, scheduledTime);
    incrementCounter(METRICS.alertEvaluations, { result: result.duplicate ? "duplicate" : "ok" });
    const firing = result.alerts.filter((alert) => alert.state === "firing").map((alert) => alert.name);
    log("info", "alerts_evaluated", { duplicate: result.duplicate, firing, emails_queued: result.queued });
  } catch (error) {
    incrementCounter(METRICS.alertEvaluations, { result: "error" });
    log("error", "alert_evaluation_failed", {
      error: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
  } finally {
    await flushMetrics(env, true);
  }
}
