// Custom domains as operators see them (issue 30): each minute the alert evaluator counts the domains
// table into linkscope_domains{state}, linkscope_domain_certificates{status} (serving domains only) and
// linkscope_domain_unhealthy_longest_seconds, shown at /prometheus and /alert-status, and the
// domain_unhealthy and domain_certificate_failed alerts read them. Other files claim and delete domains
// meanwhile, so a count is checked as at least this test's rows, and the families against each other
// (one query, one snapshot). Domains are claimed through the API (DOMAIN_PROVIDER none: active at once),
// then given the state under test in SQL.
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { CERTIFICATE_STATES, DOMAIN_STATES } from "../../worker/domain/domain-states";
import { runScheduledEvaluation } from "../../worker/jobs/evaluate-service-alerts";
import { alertLane, callApi, openTestDatabase, scrapePrometheus, seriesValue, unique } from "../harness";

const ADMIN_KEY = `admin-${crypto.randomUUID()}`;
const overrides = { ADMIN_API_KEY: ADMIN_KEY };
const database = openTestDatabase();
afterAll(() => database.close());

const thisMinute = () => Math.floor(Date.now() / 60_000) * 60_000;

async function ownerKey(): Promise<string> {
  const name = unique("gauge");
  const user = await callApi("POST", "/users", {
    key: ADMIN_KEY,
    overrides,
    body: { username: name, email: `${name}@example.test` },
  });
  const key = await callApi("POST", `/users/${user.body.id}/api-keys`, { key: ADMIN_KEY, overrides });
  expect([user.status, key.status]).toEqual([201, 201]);
  return key.body.key as string;
}

/** A domain claimed through the API, then set (`set`: SQL assignments) to the state under test. */
async function domainWith(key: string, set: string) {
  const hostname = `go.${unique("g")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "")}.example.com`;
  const made = await callApi("POST", "/domains", { key, overrides, body: { hostname } });
  expect(made.body).toMatchObject({ state: "active", certificate: "none" });
  const id = made.body.id as number;
  // Far from due: a cron run months ahead (alerts.test.ts makes some) must not re-check it to active.
  await database.db.execute(`UPDATE domains SET ${set}, next_check_at = now() + interval '100 years' WHERE id = ${id}`);
  return { id, hostname };
}

const forget = (ids: number[]) => database.db.execute(`DELETE FROM domains WHERE id IN (${ids.join(", ")})`);

/** One evaluator run in the lane's own AlertState, and what a scraper and /alert-status see after it. */
async function evaluate(lane: ReturnType<typeof alertLane>, minute = thisMinute()) {
  await runScheduledEvaluation({ ...env, ...lane.overrides } as Env, minute);
  const text = await scrapePrometheus(lane.overrides);
  const status = await callApi("GET", "/alert-status", { overrides: lane.overrides });
  expect(status.status).toBe(200);
  return { text, value: (series: string) => seriesValue(text, series), status: status.body };
}

describe("custom domain gauges", () => {
  it("count the rows: every state and certificate status present, 0 included; a pending domain's certificate left out", async () => {
    const key = await ownerKey();
    const active = await domainWith(key, "certificate = 'none'");
    // An abandoned claim: its certificate timed out, which is no operator's failure.
    const abandoned = await domainWith(key, "state = 'pending', ownership = 'pending', certificate = 'failed'");
    const unhealthy = await domainWith(
      key,
      "state = 'unhealthy', ownership = 'failed', certificate = 'pending', failing_since = now() - interval '10 minutes'",
    );
    try {
      const { text, value, status } = await evaluate(alertLane());
      const states = Object.fromEntries(
        DOMAIN_STATES.map((state) => [state, value(`linkscope_domains{state="${state}"}`)]),
      );
      const certificates = Object.fromEntries(
        CERTIFICATE_STATES.map((certificate) => [
          certificate,
          value(`linkscope_domain_certificates{status="${certificate}"}`),
        ]),
      );
      expect(states).toMatchObject({
        pending: expect.any(Number),
        active: expect.any(Number),
        unhealthy: expect.any(Number),
      });
      expect(states.pending).toBeGreaterThanOrEqual(1);
      expect(states.active).toBeGreaterThanOrEqual(1);
      expect(states.unhealthy).toBeGreaterThanOrEqual(1);
      expect(certificates.none).toBeGreaterThanOrEqual(1);
      expect(certificates.pending).toBeGreaterThanOrEqual(1);
      expect(Number.isInteger(certificates.active) && Number.isInteger(certificates.failed)).toBe(true);
      // Certificates are those of serving domains: the abandoned claim's failed one is not among them.
      const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, n) => total + n, 0);
      expect(sum(certificates)).toBe((states.active ?? 0) + (states.unhealthy ?? 0));
      expect(value("linkscope_domain_unhealthy_longest_seconds")).toBeGreaterThanOrEqual(590);
      // Bounded labels: no hostname or id reaches the exposition.
      for (const domain of [active, abandoned, unhealthy]) expect(text).not.toContain(domain.hostname);
      expect(text).toMatch(/^# HELP linkscope_domains Custom domains by state/m);
      expect(text).toMatch(/^# TYPE linkscope_domain_certificates gauge$/m);

      // /alert-status reads the same snapshot: what the dashboard shows.
      // The exposition text prints a float with fewer digits than JSON does.
      expect(status.domains).toEqual({
        states,
        certificates,
        unhealthy_longest_seconds: expect.closeTo(value("linkscope_domain_unhealthy_longest_seconds"), 3),
      });
      expect(status.alerts.domain_unhealthy).toMatchObject({ threshold: 900, severity: "ticket" });
      expect(status.alerts.domain_unhealthy.value).toBeGreaterThanOrEqual(590);
    } finally {
      await forget([active.id, abandoned.id, unhealthy.id]);
    }
  });

  it("a domain unhealthy for 15 minutes and a serving domain's failed certificate fire their alerts, mailed to the operators", async () => {
    const key = await ownerKey();
    const lost = await domainWith(
      key,
      "state = 'unhealthy', ownership = 'verified', certificate = 'failed', problem = 'caa record blocks issuance', " +
        "failing_since = now() - interval '20 minutes'",
    );
    try {
      const lane = alertLane("domains");
      const minute = thisMinute();
      const first = await evaluate(lane, minute);
      expect(first.value('linkscope_domain_certificates{status="failed"}')).toBeGreaterThanOrEqual(1);
      expect(first.status.alerts.domain_unhealthy).toMatchObject({ firing: true, state: "firing", threshold: 900 });
      expect(first.status.alerts.domain_unhealthy.value).toBeGreaterThanOrEqual(1_190);
      expect(first.status.alerts.domain_certificate_failed).toMatchObject({ firing: true, threshold: 1 });
      expect(first.status.alerts.domain_certificate_failed.value).toBeGreaterThanOrEqual(1);
      expect(first.value('linkscope_alert_firing{alert="domain_unhealthy",severity="ticket"}')).toBe(1);
      expect(first.value('linkscope_alert_firing{alert="domain_certificate_failed",severity="ticket"}')).toBe(1);
      const mails = await lane.mails();
      expect(mails.map((mail) => mail.subject)).toEqual(
        expect.arrayContaining([
          expect.stringContaining("[Linkscope FIRING] domain_unhealthy (ticket)"),
          expect.stringContaining("[Linkscope FIRING] domain_certificate_failed (ticket)"),
        ]),
      );
      expect(mails.find((mail) => mail.subject.includes("domain_unhealthy"))?.text).toContain(
        "docs/RUNBOOK.md#domain-unhealthy",
      );

      // Cloudflare issued it again and the domain verifies: no serving domain has a failed certificate.
      await database.db.execute(
        `UPDATE domains SET state = 'active', certificate = 'active', problem = NULL, failing_since = NULL WHERE id = ${lost.id}`,
      );
      const second = await evaluate(lane, minute + 60_000);
      expect(second.status.alerts.domain_certificate_failed).toMatchObject({ firing: false, state: "resolved" });
    } finally {
      await forget([lost.id]);
    }
  });
});
