import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { alertLane, callWorker, DEAD_DATABASE, type EnvOverrides, runCron } from "../harness";

const MINUTE = 60_000;
// Evaluations at whole minutes in the future: no traffic there, so only the database probe matters.
const baseMinute = () => (Math.floor(Date.now() / MINUTE) + 10_000 + Math.floor(Math.random() * 100_000)) * MINUTE;

interface AlertView {
  firing: boolean;
  state: string;
  since: string | null;
  value: number | null;
  threshold: number;
  detail: string;
  last_evaluated: string | null;
  episodes: number;
}

interface AlertStatus {
  alerts: Record<string, AlertView>;
  current_metrics: { total: number; errors: number; error_rate: number; window_seconds: number };
  email_configured: boolean;
  thresholds: Record<string, number>;
  evaluator: { last_success: string | null };
}

async function alertStatus(overrides: EnvOverrides): Promise<AlertStatus> {
  const { response, settled } = await callWorker("/alert-status", {}, overrides);
  expect(response.status).toBe(200);
  const body = (await response.json()) as AlertStatus;
  await settled();
  return body;
}

function outbox(instance: string) {
  return env.ALERTS.get(env.ALERTS.idFromName(instance)).outbox();
}

describe("service_down", () => {
  it("fires on the second failed probe, reminds, resolves: one email each, never twice", async () => {
    const lane = alertLane("ops", { ALERT_REMINDER_MINUTES: "5" });
    const down = { ...lane.overrides, ...DEAD_DATABASE };
    const t0 = baseMinute();

    await runCron(t0, down);
    expect(await lane.mails()).toHaveLength(0); // one failed probe is not yet an outage
    await runCron(t0 + MINUTE, down);
    let mails = await lane.mails();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain("[Linkscope FIRING] service_down (page)");
    expect(mails[0]?.text).toContain("the database health query failed or timed out");
    expect(mails[0]?.text).toContain(`Since:      ${new Date(t0 + MINUTE).toISOString()}`);
    expect(mails[0]?.text).toContain("/logs?limit=200");
    expect(mails[0]?.text).toContain("docs/RUNBOOK.md#service-down");

    // A retried run for the same minute, and two overlapping runs: nothing more is sent.
    await runCron(t0 + MINUTE, down);
    await Promise.all([runCron(t0 + 2 * MINUTE, down), runCron(t0 + 2 * MINUTE, down)]);
    expect(await lane.mails()).toHaveLength(1);

    const status = await alertStatus(down);
    expect(status.alerts.service_down).toMatchObject({
      firing: true,
      state: "firing",
      since: new Date(t0 + MINUTE).toISOString(),
      value: 1,
      threshold: 1,
      last_evaluated: new Date(t0 + 2 * MINUTE).toISOString(),
      episodes: 1,
    });
    expect(status.email_configured).toBe(true);
    expect(status.evaluator.last_success).toBe(new Date(t0 + 2 * MINUTE).toISOString());
    expect(status.current_metrics.window_seconds).toBe(120);
    expect(status.thresholds).toMatchObject({ error_rate: 0.1, min_requests_in_window: 5, cooldown_seconds: 300 });
    expect(status.alerts.high_error_rate).toMatchObject({ firing: false, state: "inactive" });
    expect(Object.keys(status.alerts)).toEqual(
      expect.arrayContaining(["high_error_rate", "redirect_availability_fast_burn", "redirect_latency_slow_burn"]),
    );

    await runCron(t0 + 6 * MINUTE, down); // five minutes after the first email: a reminder
    mails = await lane.mails();
    expect(mails.map((mail) => mail.subject.split("]")[0])).toEqual(["[Linkscope FIRING", "[Linkscope STILL FIRING"]);

    // Once the database answers, the alerts on what it holds (webhook backlog, custom domains) may fire
    // here on other files' rows: only service_down's emails are this test's.
    const serviceDownMails = async () => (await lane.mails()).filter((mail) => mail.subject.includes("service_down"));
    await runCron(t0 + 7 * MINUTE, lane.overrides); // the database answers again
    mails = await serviceDownMails();
    expect(mails).toHaveLength(3);
    expect(mails[2]?.subject).toContain("[Linkscope RESOLVED] service_down");
    expect(mails[2]?.text).toContain(`Fired at:   ${new Date(t0 + MINUTE).toISOString()}`);
    await runCron(t0 + 8 * MINUTE, lane.overrides);
    expect(await serviceDownMails()).toHaveLength(3);
    expect((await alertStatus(lane.overrides)).alerts.service_down).toMatchObject({ firing: false, state: "resolved" });
  });

  it("exports alert state, evaluator freshness and email counts to Prometheus", async () => {
    const lane = alertLane();
    const down = { ...lane.overrides, ...DEAD_DATABASE };
    const t0 = baseMinute();
    await runCron(t0, down);
    await runCron(t0 + MINUTE, down);
    const { response, settled } = await callWorker("/prometheus", {}, lane.overrides);
    const text = await response.text();
    await settled();
    expect(text).toContain('linkscope_alert_firing{alert="service_down",severity="page"} 1');
    expect(text).toContain('linkscope_alert_firing{alert="high_error_rate",severity="page"} 0');
    expect(text).toContain('linkscope_alert_emails_total{kind="firing",result="sent"} 1');
    expect(text).toContain(`linkscope_alert_evaluator_last_success_timestamp_seconds ${(t0 + MINUTE) / 1000}`);
    expect(text).toContain("linkscope_database_up 0");
    expect(text).toMatch(/linkscope_alert_evaluations_total\{result="ok"\} \d+/);
  });
});

describe("email delivery", () => {
  it("retries a relay that refuses for a while, and counts the retries", async () => {
    const lane = alertLane("flaky2", { ALERT_EMAIL_RETRY_SECONDS: "0", ALERT_DOWN_CONFIRMATIONS: "1" });
    await runCron(baseMinute(), { ...lane.overrides, ...DEAD_DATABASE });
    expect(await lane.mails()).toHaveLength(1);
    expect(await outbox(lane.instance)).toEqual([
      { alert: "service_down", kind: "firing", status: "sent", attempts: 3 },
    ]);
    const snapshot = await env.ALERTS.get(env.ALERTS.idFromName(lane.instance)).snapshot();
    expect(snapshot.counters).toMatchObject({ emails_firing_retried: 2, emails_firing_sent: 1 });
  });

  it("gives up on a relay that always refuses, counts it, and the alert still shows", async () => {
    const lane = alertLane("refuse", { ALERT_EMAIL_RETRY_SECONDS: "0", ALERT_DOWN_CONFIRMATIONS: "1" });
    await runCron(baseMinute(), { ...lane.overrides, ...DEAD_DATABASE });
    expect(await outbox(lane.instance)).toEqual([
      { alert: "service_down", kind: "firing", status: "failed", attempts: 5 },
    ]);
    const status = await alertStatus(lane.overrides);
    expect(status.alerts.service_down?.state).toBe("firing");
  });

  it("waits before retrying with backoff when the retry delay is set", async () => {
    const lane = alertLane("flaky1", { ALERT_EMAIL_RETRY_SECONDS: "600", ALERT_DOWN_CONFIRMATIONS: "1" });
    await runCron(baseMinute(), { ...lane.overrides, ...DEAD_DATABASE });
    expect(await lane.mails()).toHaveLength(0);
    expect(await outbox(lane.instance)).toEqual([
      { alert: "service_down", kind: "firing", status: "pending", attempts: 1 },
    ]);
  });

  it("without SMTP settings evaluates and shows alerts, sends nothing, counts the skip", async () => {
    const lane = alertLane("ops", { ALERT_DOWN_CONFIRMATIONS: "1" });
    const noMail = { ...lane.overrides, SMTP_HOST: "", ...DEAD_DATABASE };
    await runCron(baseMinute(), noMail);
    const status = await alertStatus(noMail);
    expect(status.email_configured).toBe(false);
    expect(status.alerts.service_down?.state).toBe("firing");
    expect(await lane.mails()).toHaveLength(0);
    const snapshot = await env.ALERTS.get(env.ALERTS.idFromName(lane.instance)).snapshot();
    expect(snapshot.counters).toMatchObject({ emails_firing_skipped: 1 });
  });
});
