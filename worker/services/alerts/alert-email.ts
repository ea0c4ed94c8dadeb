// What an alert email says: what fired, the numbers that crossed the threshold, since when, and
// where to look. Plain text: mail clients show it as written.

import type { MailMessage } from "../mail/send-email";
import { ALERTS, runbookAnchor } from "./catalogue";
import type { AlertRecord, NotificationKind } from "./state-machine";

const iso = (ms: number | null) => (ms === null ? "unknown" : new Date(ms).toISOString());

export function composeAlertEmail(
  record: AlertRecord,
  kind: NotificationKind,
  episodeStartedAt: number | null,
  dashboardUrl: string,
): MailMessage {
  const definition = ALERTS[record.name];
  const base = dashboardUrl.replace(/\/+$/, "");
  const label = kind === "resolved" ? "RESOLVED" : kind === "reminder" ? "STILL FIRING" : "FIRING";
  const subject = `[Linkscope ${label}] ${record.name} (${definition.severity}): ${definition.summary}`;
  const lines = [
    kind === "resolved" ? `${record.name} has resolved.` : `${record.name} is firing: ${definition.summary}.`,
    "",
    `Severity:   ${definition.severity}`,
    `Numbers:    ${record.detail}`,
    `Value:      ${record.lastValue ?? "n/a"} (threshold ${record.threshold})`,
    kind === "resolved"
      ? `Fired at:   ${iso(episodeStartedAt)}\nResolved:   ${iso(record.since)}`
      : `Since:      ${iso(episodeStartedAt)}`,
    `Episode:    #${record.episode}`,
    "",
    "Where to look:",
    `  Dashboard:     ${base}/dashboard`,
    `  Alert status:  ${base}/alert-status`,
    `  Recent logs:   ${base}/logs?limit=200`,
    `  Runbook:       ${runbookAnchor(record.name)}`,
  ];
  if (kind === "reminder") lines.push("", "You will get a reminder at the configured interval until it resolves.");
  return { subject, text: `${lines.join("\n")}\n` };
}
