// The daily link-health digest's cron job: each minute it asks, and once a day, at HEALTH_DIGEST_HOUR
// (UTC), the digest goes out (services/link-health/health-digest.ts).
import { sendDailyDigest } from "../services/link-health/health-digest";
import { runCronJob } from "./cron-job";

export async function sendHealthDigest(env: Env, scheduledTime: number): Promise<void> {
  await runCronJob(env, "health_digest_failed", (context) => sendDailyDigest(context, scheduledTime));
}
