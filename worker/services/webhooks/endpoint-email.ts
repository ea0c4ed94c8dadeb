// The two emails a webhook's owner may get: its deliveries have been failing for a while (once per
// failing streak), and it was disabled (410, or 20 failures and a day without a success). Endpoints of
// links without an owner (or an owner without an address) tell the operators (ALERT_EMAIL_TO).
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { users, type WebhookRow } from "../../../db/schema";
import { emailEnabled } from "../../config/alert-config";
import type { Config } from "../../config/env";
import { log } from "../../observability/logger";
import { METRICS } from "../../observability/metrics/definitions";
import { incrementCounter } from "../../observability/metrics/recorder";
import type { MailMessage } from "../mail/send-email";
import { sendEmail } from "../mail/send-email";

export type EndpointNotice = "failing" | "disabled";

export function composeEndpointEmail(notice: EndpointNotice, endpoint: WebhookRow, base: string): MailMessage {
  const where = `webhook ${endpoint.id} (${endpoint.url})`;
  const failures = `${endpoint.consecutiveFailures} deliveries in a row have failed`;
  const deliveries = `Its deliveries: ${base}/webhooks/${endpoint.id}/deliveries`;
  if (notice === "failing") {
    return {
      subject: `[Linkscope] webhook ${endpoint.id} is failing`,
      text: [
        `${failures} to ${where}, since ${endpoint.failingSince?.toISOString() ?? "recently"}.`,
        "They are retried (for about a day each); nothing is lost yet.",
        "The endpoint is disabled only after 20 failures in a row and 24 hours without a success.",
        deliveries,
        "",
      ].join("\n"),
    };
  }
  const why =
    endpoint.disabledReason === "gone"
      ? "The receiver answered 410 Gone, which means: stop sending."
      : `${failures}, and none has succeeded for 24 hours.`;
  return {
    subject: `[Linkscope] webhook ${endpoint.id} was disabled`,
    text: [
      `${where} was disabled. ${why}`,
      `Nothing more is sent to it. Once it works again: PATCH ${base}/webhooks/${endpoint.id} {"enabled": true},`,
      `and retry what it missed: POST ${base}/webhooks/${endpoint.id}/deliveries/{delivery_id}/retry.`,
      deliveries,
      "",
    ].join("\n"),
  };
}

export async function mailEndpointOwner(
  db: Database,
  config: Config,
  notice: EndpointNotice,
  endpoint: WebhookRow,
): Promise<void> {
  let to = config.ALERT_EMAIL_TO;
  if (endpoint.userId !== null) {
    const [owner] = await db.select({ email: users.email }).from(users).where(eq(users.id, endpoint.userId)).limit(1);
    to = owner?.email || to;
  }
  if (!to || !emailEnabled({ ...config, ALERT_EMAIL_TO: to })) {
    incrementCounter(METRICS.webhookEndpointEmails, { kind: notice, result: "unsent" });
    return;
  }
  try {
    await sendEmail(
      { ...config, ALERT_EMAIL_TO: to },
      composeEndpointEmail(notice, endpoint, config.ALERT_DASHBOARD_URL.replace(/\/+$/, "")),
    );
    incrementCounter(METRICS.webhookEndpointEmails, { kind: notice, result: "sent" });
  } catch (error) {
    incrementCounter(METRICS.webhookEndpointEmails, { kind: notice, result: "failed" });
    log("warn", "webhook_email_failed", { webhook_id: endpoint.id, kind: notice, error: String(error) });
  }
}
