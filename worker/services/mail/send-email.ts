// The one way the service sends mail. Sends one email through the SMTP relay with worker-mailer (cloudflare:sockets): implicit TLS
// on 465, STARTTLS on 587, plain only when SMTP_TLS=none (a local sink). No SMTP_USER: no AUTH.
import { WorkerMailer } from "worker-mailer";
import { type AlertConfig, smtpTlsMode } from "../../config/alert-config";

export type SmtpSettings = Pick<
  AlertConfig,
  "SMTP_HOST" | "SMTP_PORT" | "SMTP_USER" | "SMTP_PASSWORD" | "SMTP_TLS" | "ALERT_EMAIL_FROM" | "ALERT_EMAIL_TO"
>;

/** One plain-text email: every feature that mails (alerts, anomalies, the health digest, webhook endpoints) composes one. */
export interface MailMessage {
  subject: string;
  text: string;
}

const SMTP_TIMEOUT_MS = 10_000;

export async function sendEmail(settings: SmtpSettings, email: MailMessage): Promise<void> {
  const tls = smtpTlsMode(settings);
  await WorkerMailer.send(
    {
      host: settings.SMTP_HOST,
      port: settings.SMTP_PORT,
      secure: tls === "tls",
      startTls: tls === "starttls",
      ...(settings.SMTP_USER
        ? { credentials: { username: settings.SMTP_USER, password: settings.SMTP_PASSWORD } }
        : {}),
      socketTimeoutMs: SMTP_TIMEOUT_MS,
      responseTimeoutMs: SMTP_TIMEOUT_MS,
    },
    {
      from: settings.ALERT_EMAIL_FROM,
      to: settings.ALERT_EMAIL_TO.split(",")
        .map((address) => address.trim())
        .filter(Boolean),
      subject: email.subject,
      text: email.text,
    },
  );
}
