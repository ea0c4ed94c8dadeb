// What a link anomaly's email says, and to whom: traffic anomalies go to the link's owner (the
// operators when it has none or no address), the phishing pattern to the operators (an abuser owns
// the link it abuses). Plain text, like the service's own alerts.

import type { AlertConfig } from "../../config/alert-config";
import type { MailMessage } from "../mail/send-email";
import type { PendingNotice } from "./anomaly-records";
import type { AnomalyKind } from "./detect-anomalies";

const SUMMARIES: Record<AnomalyKind, string> = {
  spike: "human clicks far above this hour's usual level",
  drop: "a busy link stopped getting clicks",
  bot_share: "most of the hour's clicks came from bots",
  destination_changed_then_spike:
    "a spike soon after the destination moved to another domain, or a look-alike destination",
};

/** Operators only: the pattern of a link turned to phishing. */
const FOR_OPERATORS = new Set<AnomalyKind>(["destination_changed_then_spike"]);

export const runbookAnchorOf = (kind: AnomalyKind) => `docs/RUNBOOK.md#link-anomaly-${kind.replaceAll("_", "-")}`;

export function anomalyRecipients(notice: PendingNotice, config: Pick<AlertConfig, "ALERT_EMAIL_TO">): string {
  if (FOR_OPERATORS.has(notice.record.kind) || !notice.ownerEmail) return config.ALERT_EMAIL_TO;
  return notice.ownerEmail;
}

export function composeAnomalyEmail(notice: PendingNotice, dashboardUrl: string): MailMessage {
  const { record } = notice;
  const base = dashboardUrl.replace(/\/+$/, "");
  const resolved = record.pendingNotice === "resolved";
  const subject = `[Linkscope ${resolved ? "RESOLVED" : "FIRING"}] link anomaly ${record.kind} on /${notice.shortCode}: ${SUMMARIES[record.kind]}`;
  const lines = [
    resolved
      ? `The ${record.kind} anomaly of /${notice.shortCode} has resolved.`
      : `The link /${notice.shortCode} shows a ${record.kind} anomaly: ${SUMMARIES[record.kind]}.`,
    "",
    `Link:        ${base}/${notice.shortCode} (id ${record.urlId})`,
    `Destination: ${notice.destination}`,
    `Numbers:     ${record.detail}`,
    `Value:       ${record.lastValue ?? "n/a"} (threshold ${record.threshold})`,
    `${resolved ? "Resolved" : "Since"}:${resolved ? "    " : "       "}${record.since === null ? "unknown" : new Date(record.since).toISOString()}`,
    `Episode:     #${record.episode}`,
    "",
    "Where to look:",
    `  Hourly clicks: ${base}/urls/${record.urlId}/stats?granularity=hour`,
    `  Its history:   ${base}/urls/${record.urlId}/events`,
    `  Runbook:       ${runbookAnchorOf(record.kind)}`,
    "",
    "Anomalies alert; they never disable a link on their own.",
  ];
  return { subject, text: `${lines.join("\n")}\n` };
}
