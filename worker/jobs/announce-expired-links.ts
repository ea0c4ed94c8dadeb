// link.expired: no write marks the moment a link expires, so each minute the cron takes the links whose
// expires_at fell since its last look (a cursor in webhook_expiry_cursor) and writes their deliveries,
// in the same statement that moves the cursor: each expiry is announced once, even when runs overlap.

import { log } from "../observability/logger";
import { announceExpiriesSinceCursor } from "../services/webhooks/delivery-store";
import { runCronJob } from "./cron-job";

export async function announceExpiredLinks(env: Env): Promise<void> {
  await runCronJob(env, "webhook_expiry_scan_failed", async ({ database }) => {
    const links = await announceExpiriesSinceCursor(database());
    if (links > 0) log("info", "webhook_expiries_announced", { links });
  });
}
