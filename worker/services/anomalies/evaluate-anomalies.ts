// Judging an hour of every link's traffic, once (the run is claimed in Postgres, so overlapping crons
// cannot judge it twice), advancing each link's alerts through the same state machine as the service's
// alerts, and sending the emails owed. Anomalies alert; they never disable a link.

import type { Database } from "../../../db/client";
import { emailEnabled } from "../../config/alert-config";
import type { Config } from "../../config/env";
import { HOUR_MS, MINUTE_MS } from "../../lib/time";
import { log } from "../../observability/logger";
import { METRICS } from "../../observability/metrics/definitions";
import { incrementCounter } from "../../observability/metrics/recorder";
import { advance, initialProgress } from "../alerts/state-machine";
import { sendEmail } from "../mail/send-email";
import { anomalyRecipients, composeAnomalyEmail } from "./anomaly-email";
import {
  type AnomalyRecord,
  claimAnomalyRun,
  clearNotice,
  loadAnomalyRecords,
  pendingNotices,
  releaseAnomalyRun,
  saveAnomalyRecords,
} from "./anomaly-records";
import { ANOMALY_KINDS, type AnomalyKind, detectAnomalies } from "./detect-anomalies";
import { candidateLinks, loadActivity } from "./link-activity";

/** Emails sent per cron run at most; the rest wait a minute. */
const NOTICES_PER_RUN = 20;

const initialRecord = (urlId: number, kind: AnomalyKind): AnomalyRecord => ({
  urlId,
  kind,
  ...initialProgress(),
  pendingNotice: null,
});

/** Emails a run's own notices are sent by it; owed this long, any later run retries them. */
export const RETRY_AFTER_MS = 5 * MINUTE_MS;

/**
 * Judges the hour that starts at `hour`, once: the links judged and those with an email owed
 * (undefined: another run has this hour).
 */
export async function evaluateHour(
  db: Database,
  hour: number,
  config: Config,
): Promise<{ links: number; notified: number[] } | undefined> {
  // Claimed before anything is read: the runs after the claimed one cost one INSERT each.
  if (!(await claimAnomalyRun(db, hour))) return undefined;
  try {
    const candidates = await candidateLinks(db, hour, config);
    const [activity, records] = await Promise.all([
      loadActivity(db, candidates, hour, config),
      loadAnomalyRecords(db, candidates),
    ]);
    const evaluatedAt = hour + HOUR_MS;
    const changed: AnomalyRecord[] = [];
    for (const [urlId, link] of activity) {
      const verdicts = detectAnomalies(link, hour, config);
      for (const kind of ANOMALY_KINDS) {
        const previous = records.get(`${urlId}:${kind}`) ?? initialRecord(urlId, kind);
        const { record, notify } = advance(previous, verdicts[kind], evaluatedAt, { confirmations: 1, reminderMs: 0 });
        // A link that never fired this kind needs no row.
        if (previous.episode === 0 && record.episode === 0) continue;
        const pendingNotice = notify === "firing" || notify === "resolved" ? notify : previous.pendingNotice;
        changed.push({ ...record, pendingNotice });
        if (notify === "firing") {
          incrementCounter(METRICS.linkAnomalies, { kind });
          log("warn", "link_anomaly", { url_id: urlId, kind, detail: record.detail });
        }
      }
    }
    await saveAnomalyRecords(db, changed, hour, activity.size);
    const notified = changed.filter((record) => record.pendingNotice !== null).map((record) => record.urlId);
    return { links: activity.size, notified: [...new Set(notified)] };
  } catch (error) {
    await releaseAnomalyRun(db, hour).catch(() => undefined); // the next minute tries again
    throw error;
  }
}

/** Sends the emails owed (see pendingNotices), oldest first; a relay failure leaves the rest for later. */
export async function sendPendingNotices(
  db: Database,
  config: Config,
  which: Parameters<typeof pendingNotices>[2],
): Promise<void> {
  if ("urlIds" in which && which.urlIds.length === 0) return;
  for (const notice of await pendingNotices(db, NOTICES_PER_RUN, which)) {
    const to = anomalyRecipients(notice, config);
    if (!emailEnabled({ ...config, ALERT_EMAIL_TO: to })) {
      incrementCounter(METRICS.linkAnomalyEmails, { result: "unsent" });
      log("info", "link_anomaly_email_unsent", { url_id: notice.record.urlId, kind: notice.record.kind });
      await clearNotice(db, notice.record);
      continue;
    }
    try {
      await sendEmail({ ...config, ALERT_EMAIL_TO: to }, composeAnomalyEmail(notice, config.ALERT_DASHBOARD_URL));
    } catch (error) {
      incrementCounter(METRICS.linkAnomalyEmails, { result: "failed" });
      log("warn", "link_anomaly_email_failed", { url_id: notice.record.urlId, error: String(error) });
      return;
    }
    incrementCounter(METRICS.linkAnomalyEmails, { result: "sent" });
    await clearNotice(db, notice.record);
  }
}
