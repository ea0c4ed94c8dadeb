// The alerts' state machines, persisted: one object for the deployment. An evaluation is
// applied once per minute (a retried or overlapping cron run for the same minute changes
// nothing), emails go through an outbox written in the same transaction as the transition,
// and failed sends are retried with backoff from the object's alarm.
import { DurableObject } from "cloudflare:workers";
import { type AlertConfig, emailEnabled } from "../config/alert-config";
import { readConfig } from "../config/env";
import { log } from "../observability/logger";
import { composeAlertEmail } from "../services/alerts/alert-email";
import type { AlertSnapshot, EvaluationInput, EvaluationResult } from "../services/alerts/alert-state-types";
import { ALERT_NAMES, type AlertName } from "../services/alerts/catalogue";
import { type AlertRecord, advance, initialRecord, type NotificationKind } from "../services/alerts/state-machine";
import type { DomainGauges } from "../services/domains/domain-gauges";
import { sendEmail } from "../services/mail/send-email";
import type { WebhookGauges } from "../services/webhooks/webhook-gauges";

export const EMAIL_MAX_ATTEMPTS = 5;
const KEPT_EVALUATIONS = 1_000;

/** Wait before the next attempt after `attempts` failures: the base, doubling each time. */
export const backoffMs = (attempts: number, baseSeconds: number) => baseSeconds * 1000 * 2 ** (attempts - 1);

export class AlertState extends DurableObject<Env> {
  private delivering = false;
  private delivery: AlertConfig | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS alerts (name TEXT PRIMARY KEY, record TEXT NOT NULL)");
    sql.exec("CREATE TABLE IF NOT EXISTS evaluations (minute INTEGER PRIMARY KEY, at REAL NOT NULL)");
    sql.exec(
      `CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, alert TEXT NOT NULL,
         kind TEXT NOT NULL, episode INTEGER NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
         attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at REAL NOT NULL, status TEXT NOT NULL,
         last_error TEXT)`,
    );
    sql.exec("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value REAL NOT NULL)");
    sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  }

  private count(name: string, by = 1): void {
    this.ctx.storage.sql.exec(
      "INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
      name,
      by,
    );
  }

  private setMeta(key: string, value: string): void {
    this.ctx.storage.sql.exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
  }

  private meta(key: string): string | undefined {
    const row = this.ctx.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    return row?.value;
  }

  private records(): Map<AlertName, AlertRecord> {
    const records = new Map<AlertName, AlertRecord>(ALERT_NAMES.map((name) => [name, initialRecord(name)]));
    for (const row of this.ctx.storage.sql.exec<{ name: string; record: string }>("SELECT name, record FROM alerts")) {
      if (records.has(row.name as AlertName)) records.set(row.name as AlertName, JSON.parse(row.record) as AlertRecord);
    }
    return records;
  }

  /** Applies one minute's verdicts, once; queues and sends the emails the transitions call for. */
  async evaluate(input: EvaluationInput): Promise<EvaluationResult> {
    const sql = this.ctx.storage.sql;
    let duplicate = false;
    let queued = 0;
    const records = this.records();
    this.ctx.storage.transactionSync(() => {
      const seen = sql.exec("SELECT 1 FROM evaluations WHERE minute = ?", input.minute).toArray().length > 0;
      if (seen) {
        duplicate = true;
        return;
      }
      sql.exec("INSERT INTO evaluations (minute, at) VALUES (?, ?)", input.minute, input.now);
      sql.exec("DELETE FROM evaluations WHERE minute < ?", input.minute - KEPT_EVALUATIONS);
      for (const verdict of input.verdicts) {
        const current = records.get(verdict.name) ?? initialRecord(verdict.name);
        const episodeStart = current.state === "firing" ? current.since : null;
        const { record, notify } = advance(current, verdict, input.now, input.rules[verdict.name]);
        records.set(verdict.name, record);
        sql.exec(
          "INSERT INTO alerts (name, record) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET record = excluded.record",
          verdict.name,
          JSON.stringify(record),
        );
        if (notify === "firing" || notify === "resolved") {
          log(notify === "firing" ? "error" : "info", notify === "firing" ? "alert_fired" : "alert_resolved", {
            alert: verdict.name,
            detail: record.detail,
            episode: record.episode,
          });
        }
        if (notify) {
          if (this.queue(record, notify, notify === "firing" ? record.since : episodeStart, input)) queued += 1;
        }
      }
      this.setMeta("last_success_ms", String(input.now));
      this.setMeta("database_up", input.databaseUp ? "1" : "0");
      if (input.linksByHealth) this.setMeta("links_by_health", JSON.stringify(input.linksByHealth));
      if (input.webhooks) this.setMeta("webhooks", JSON.stringify(input.webhooks));
      if (input.domains) this.setMeta("domains", JSON.stringify(input.domains));
    });
    if (input.email) this.delivery = input.email;
    if (queued > 0) await this.deliver();
    return { duplicate, alerts: [...records.values()], queued };
  }

  /** Writes the email into the outbox (in the caller's transaction); false when email is off. */
  private queue(
    record: AlertRecord,
    kind: NotificationKind,
    episodeStart: number | null,
    input: EvaluationInput,
  ): boolean {
    if (!input.email || !emailEnabled(input.email)) {
      this.count(`emails_${kind}_skipped`);
      if (this.meta("email_skip_logged") !== "1") {
        log("warn", "alert_email_skipped", {
          alert: record.name,
          reason: "SMTP_HOST or ALERT_EMAIL_TO is not set; alerts are evaluated and shown at /alert-status",
        });
        this.setMeta("email_skip_logged", "1");
      }
      return false;
    }
    const email = composeAlertEmail(record, kind, episodeStart, input.email.ALERT_DASHBOARD_URL);
    this.ctx.storage.sql.exec(
      `INSERT INTO outbox (alert, kind, episode, subject, body, next_attempt_at, status)
       VALUES (?, ?, ?, ?, ?, ?, 'pending')`,
      record.name,
      kind,
      record.episode,
      email.subject,
      email.text,
      Date.now(),
    );
    return true;
  }

  /** Sends what is due, one at a time; one delivery loop at a time (overlapping calls return). */
  private async deliver(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      const settings = this.delivery ?? readConfig(this.env);
      for (;;) {
        const due = this.ctx.storage.sql
          .exec<{ id: number; kind: string; subject: string; body: string; attempts: number; alert: string }>(
            "SELECT id, kind, subject, body, attempts, alert FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT 1",
            Date.now(),
          )
          .toArray()[0];
        if (!due) break;
        try {
          await sendEmail(settings, { subject: due.subject, text: due.body });
          this.ctx.storage.sql.exec("UPDATE outbox SET status = 'sent', attempts = attempts + 1 WHERE id = ?", due.id);
          this.count(`emails_${due.kind}_sent`);
          log("info", "alert_email_sent", { alert: due.alert, kind: due.kind, attempt: due.attempts + 1 });
        } catch (error) {
          const attempts = due.attempts + 1;
          const giveUp = attempts >= EMAIL_MAX_ATTEMPTS;
          this.ctx.storage.sql.exec(
            "UPDATE outbox SET attempts = ?, status = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
            attempts,
            giveUp ? "failed" : "pending",
            Date.now() + backoffMs(attempts, settings.ALERT_EMAIL_RETRY_SECONDS),
            String(error),
            due.id,
          );
          this.count(`emails_${due.kind}_${giveUp ? "failed" : "retried"}`);
          log(giveUp ? "error" : "warn", "alert_email_failed", {
            alert: due.alert,
            kind: due.kind,
            attempt: attempts,
            gave_up: giveUp,
            error: String(error),
          });
        }
      }
      const next = this.ctx.storage.sql
        .exec<{ at: number | null }>("SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status = 'pending'")
        .toArray()[0]?.at;
      if (next !== null && next !== undefined) await this.ctx.storage.setAlarm(next);
    } finally {
      this.delivering = false;
    }
  }

  override async alarm(): Promise<void> {
    await this.deliver();
  }

  snapshot(): AlertSnapshot {
    const counters: Record<string, number> = {};
    for (const row of this.ctx.storage.sql.exec<{ name: string; value: number }>("SELECT name, value FROM counters")) {
      counters[row.name] = Number(row.value);
    }
    const lastSuccess = this.meta("last_success_ms");
    const databaseUp = this.meta("database_up");
    const linksByHealth = this.meta("links_by_health");
    const webhooks = this.meta("webhooks");
    const domains = this.meta("domains");
    return {
      alerts: [...this.records().values()],
      counters,
      lastSuccessMs: lastSuccess === undefined ? null : Number(lastSuccess),
      databaseUp: databaseUp === undefined ? null : databaseUp === "1",
      linksByHealth: linksByHealth === undefined ? null : (JSON.parse(linksByHealth) as Record<string, number>),
      webhooks: webhooks === undefined ? null : (JSON.parse(webhooks) as WebhookGauges),
      domains: domains === undefined ? null : (JSON.parse(domains) as DomainGauges),
    };
  }

  /** For tests: the outbox rows. */
  outbox(): { alert: string; kind: string; status: string; attempts: number }[] {
    return this.ctx.storage.sql
      .exec<{ alert: string; kind: string; status: string; attempts: number }>(
        "SELECT alert, kind, status, attempts FROM outbox ORDER BY id",
      )
      .toArray();
  }
}
