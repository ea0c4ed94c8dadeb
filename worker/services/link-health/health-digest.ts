// The daily link-health digest: at HEALTH_DIGEST_HOUR (UTC), each owner gets one email listing their
// links that became broken or moved in the 24 hours before (never one email per link); links
// without an owner, or whose owner has no address, go to the operators (ALERT_EMAIL_TO).

import { emailEnabled } from "../../config/alert-config";
import type { Config } from "../../config/env";
import { DAY_MS, HOUR_MS } from "../../lib/time";
import { log } from "../../observability/logger";
import { METRICS } from "../../observability/metrics/definitions";
import { incrementCounter } from "../../observability/metrics/recorder";
import type { MailMessage } from "../mail/send-email";
import { sendEmailRetrying } from "../mail/send-email-retrying";
import type { ServiceContext } from "../service-context";
import { claimDigest, finishDigest, linksThatTurned, releaseDigest, type TurnedLink } from "./digest-links";

/** Links listed in one email; the rest are counted. */
const LISTED = 100;

function describe(link: TurnedLink, base: string): string {
  const what =
    link.state === "moved"
      ? `moved: now answers from ${link.finalUrl ?? "elsewhere"}`
      : `broken: ${link.error ?? "failing"}${link.status === null ? "" : ` (HTTP ${link.status})`}`;
  return `  ${base}/${link.shortCode} → ${link.destination}\n      ${what}, since ${link.changedAt}`;
}

export function composeDigest(links: TurnedLink[], base: string): MailMessage {
  const broken = links.filter((link) => link.state === "broken").length;
  const moved = links.length - broken;
  const counts = [broken ? `${broken} broken` : "", moved ? `${moved} moved` : ""].filter(Boolean).join(", ");
  const lines = [
    `In the last 24 hours, ${links.length} of your links changed: ${counts}.`,
    "",
    ...links.slice(0, LISTED).map((link) => describe(link, base)),
    ...(links.length > LISTED ? [`  ... and ${links.length - LISTED} more`] : []),
    "",
    `All of them: ${base}/urls?health=broken and ${base}/urls?health=moved`,
    "Check one again: POST /urls/{id}/health/check. A broken link keeps redirecting: point it at a working page,",
    "or deactivate it.",
  ];
  return {
    subject: `[Linkscope] link health: ${counts} in the last 24 hours`,
    text: `${lines.join("\n")}\n`,
  };
}

/** The digest of the day that `scheduledTime` is in, once that day's digest hour has come (once a day). */
export async function sendDailyDigest({ database, config }: ServiceContext, scheduledTime: number): Promise<void> {
  const dayStart = Math.floor(scheduledTime / DAY_MS) * DAY_MS;
  const digestAt = dayStart + config.HEALTH_DIGEST_HOUR * HOUR_MS;
  if (scheduledTime < digestAt) return;
  const day = new Date(dayStart).toISOString().slice(0, 10);
  if (!(await claimDigest(database(), day))) return;
  let links: TurnedLink[];
  try {
    links = await linksThatTurned(database(), digestAt - DAY_MS, digestAt);
  } catch (error) {
    await releaseDigest(database(), day).catch(() => undefined);
    throw error;
  }
  const sent = await mailDigests(links, config);
  await finishDigest(database(), day, sent);
  log("info", "health_digest_sent", { day, links: links.length, emails: sent });
}

/** One email per recipient (the owner, or the operators for links without one); how many went. */
async function mailDigests(links: TurnedLink[], config: Config): Promise<number> {
  const byRecipient = new Map<string, TurnedLink[]>();
  for (const link of links) {
    const to = link.ownerEmail || config.ALERT_EMAIL_TO;
    byRecipient.set(to, [...(byRecipient.get(to) ?? []), link]);
  }
  let sent = 0;
  for (const [to, owned] of byRecipient) {
    if (!to || !emailEnabled({ ...config, ALERT_EMAIL_TO: to })) {
      incrementCounter(METRICS.healthDigestEmails, { result: "unsent" });
      continue;
    }
    try {
      await sendEmailRetrying(
        { ...config, ALERT_EMAIL_TO: to },
        composeDigest(owned, config.ALERT_DASHBOARD_URL.replace(/\/+$/, "")),
      );
      incrementCounter(METRICS.healthDigestEmails, { result: "sent" });
      sent += 1;
    } catch (error) {
      incrementCounter(METRICS.healthDigestEmails, { result: "failed" });
      log("warn", "health_digest_email_failed", { links: owned.length, error: String(error) });
    }
  }
  return sent;
}
