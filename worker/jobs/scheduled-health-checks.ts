// Scheduled destination checks. Each minute the cron leases the links whose check is due and sends
// them to the health-check queue; its consumer checks each one, one request per host per 10 s (a
// link whose host had its turn waits for a later run), and stores the result. Links clicked in the
// last 7 days are due every HEALTH_ACTIVE_INTERVAL_HOURS, others every HEALTH_IDLE_INTERVAL_HOURS.
import { log } from "../observability/logger";
import { flushMetrics } from "../observability/metrics/flush";
import { leaseDueLinks, postponeCheck } from "../services/link-health/due-links";
import { HOST_INTERVAL_MS, takeHostTurn } from "../services/link-health/host-turns";
import { runCheck } from "../services/link-health/run-check";
import { openJobContext } from "../services/service-context";
import { getLinkOrThrow } from "../services/urls/link-store";
import { runCronJob } from "./cron-job";

export const HEALTH_CHECKS_QUEUE = "linkscope-health-checks";

export interface HealthCheckMessage {
  urlId: number;
  destination: string;
}

/** The cron's part: enqueue the links that are due. */
export async function enqueueDueChecks(env: Env, scheduledTime: number): Promise<void> {
  const queue = env.HEALTH_CHECKS as Queue<HealthCheckMessage> | undefined;
  if (!queue) return;
  await runCronJob(env, "health_check_scheduling_failed", async ({ database, config }) => {
    if (config.HEALTH_CHECKS_PER_MINUTE === 0) return;
    const due = await leaseDueLinks(database(), scheduledTime, config.HEALTH_CHECKS_PER_MINUTE);
    if (due.length === 0) return;
    await queue.sendBatch(due.map((link) => ({ body: { urlId: link.id, destination: link.destination } })));
    log("info", "health_checks_enqueued", { links: due.length });
  });
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return "";
  }
};

/** The consumer's part: each message is one check, or a postponement when its host is busy. */
export async function consumeHealthChecks(batch: MessageBatch<HealthCheckMessage>, env: Env): Promise<void> {
  const { context, finish } = openJobContext(env, "health-checker");
  const { config, cache, database } = context;
  try {
    for (const message of batch.messages) {
      const { urlId, destination } = message.body;
      try {
        const now = Date.now();
        if (!(await takeHostTurn(cache.redis, hostOf(destination), now))) {
          // A later cron run enqueues it again; the jitter spreads a host's links over its turns.
          await postponeCheck(database(), urlId, now + HOST_INTERVAL_MS + Math.floor(Math.random() * 60_000));
          message.ack();
          continue;
        }
        const row = await getLinkOrThrow(database(), urlId).catch(() => undefined);
        // Deleted, deactivated or pointed elsewhere since it was enqueued: that check is not wanted.
        if (row?.isActive && row.originalUrl === destination) {
          await runCheck(database(), config, row, {
            policy: config.destinationPolicy,
            trigger: "schedule",
            cache,
            requestId: context.requestId,
          });
        }
        message.ack();
      } catch (error) {
        log("warn", "health_check_failed", { url_id: urlId, error: String(error) });
        message.retry({ delaySeconds: 60 });
      }
    }
  } finally {
    await finish();
    await flushMetrics(env, true);
  }
}
