// Alerting settings, from vars and secrets. The defaults are the seed's rule (high error rate)
// and the Google SRE workbook's multiwindow burn-rate alerts for a 99.9 % redirect objective.
import { z } from "zod";
import { LATENCY_OBJECTIVE_BOUNDS } from "../observability/metrics/minute-window.ts";

const ratio = z.coerce.number().gt(0).lt(1);

/** The alerting settings: part of the one configuration schema (worker/config/env.ts). */
export const ALERT_SETTINGS = {
  // high_error_rate (the seed's rule): 5xx above 10 % of at least 5 requests over 2 minutes
  ALERT_ERROR_RATE_THRESHOLD: ratio.default(0.1),
  ALERT_ERROR_RATE_MIN_REQUESTS: z.coerce.number().int().min(1).default(5),
  ALERT_ERROR_RATE_WINDOW_MINUTES: z.coerce.number().int().min(1).max(60).default(2),
  // service_down: the database health query, confirmed on this many consecutive evaluations
  ALERT_DB_TIMEOUT_MS: z.coerce.number().int().min(100).max(20_000).default(3_000),
  ALERT_DOWN_CONFIRMATIONS: z.coerce.number().int().min(1).max(10).default(2),
  // SLOs for redirects
  SLO_AVAILABILITY_OBJECTIVE: ratio.default(0.999),
  SLO_LATENCY_OBJECTIVE: ratio.default(0.99),
  SLO_LATENCY_THRESHOLD_SECONDS: z.coerce
    .number()
    .refine((value) => (LATENCY_OBJECTIVE_BOUNDS as readonly number[]).includes(value), {
      message: `must be one of ${LATENCY_OBJECTIVE_BOUNDS.join(", ")}`,
    })
    .default(0.1),
  // Minimum-traffic guard: a burn-rate alert needs at least this many bad events in its long window.
  SLO_MIN_BAD_EVENTS: z.coerce.number().int().min(1).default(10),
  // While an alert fires, a reminder this often (0: none).
  ALERT_REMINDER_MINUTES: z.coerce.number().int().min(0).default(60),
  // Email (SMTP relay). Without SMTP_HOST and ALERT_EMAIL_TO alerts are evaluated but not mailed.
  SMTP_HOST: z.string().default(""),
  SMTP_PORT: z.coerce.number().int().min(1).max(65_535).default(587),
  SMTP_USER: z.string().default(""),
  SMTP_PASSWORD: z.string().default(""),
  // starttls (587), tls (465), none (a local sink only)
  SMTP_TLS: z.enum(["starttls", "tls", "none", ""]).default(""),
  ALERT_EMAIL_FROM: z.string().default("linkscope-alerts@localhost"),
  ALERT_EMAIL_TO: z.string().default(""),
  // A failed send is retried after this, doubling each time (5 attempts in all).
  ALERT_EMAIL_RETRY_SECONDS: z.coerce.number().min(0).max(3_600).default(15),
  // Where the email points operators: the dashboard's base URL.
  ALERT_DASHBOARD_URL: z.string().default("http://127.0.0.1:8787"),
  // Which AlertState object the evaluator uses; tests give each test its own.
  ALERTS_INSTANCE: z
    .string()
    .default("")
    .transform((name) => name || "alerts"),
};

const AlertSettingsSchema = z.object(ALERT_SETTINGS);
export type AlertConfig = z.infer<typeof AlertSettingsSchema>;

/** Every setting at its default: what the shipped Prometheus rules encode. */
export const DEFAULT_ALERT_CONFIG: AlertConfig = AlertSettingsSchema.parse({});

export function smtpTlsMode(config: Pick<AlertConfig, "SMTP_TLS" | "SMTP_PORT">): "starttls" | "tls" | "none" {
  if (config.SMTP_TLS) return config.SMTP_TLS;
  return config.SMTP_PORT === 465 ? "tls" : "starttls";
}

export const emailEnabled = (config: AlertConfig) => config.SMTP_HOST !== "" && config.ALERT_EMAIL_TO !== "";
