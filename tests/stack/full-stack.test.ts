// The compose topology, natively: the worker under wrangler dev on the real Postgres (through the
// Neon WebSocket proxy) and Redis (through the Upstash bridge), Debian's Prometheus scraping it
// every 2 s with the shipped config and alert rules, Debian's Alertmanager with the shipped
// config routing to a local SMTP sink. Traffic in, every Grafana panel's query returns data, an
// error burst comes out as an Alertmanager email, and a webhook receiver gets signed deliveries
// through the real queue (WEBHOOK_DISPATCH on, ALLOW_PRIVATE_DESTINATIONS so it may be local).
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { PANELS, runnableExpr } from "../../dashboards/grafana/panels.ts";
import { type DatabaseEndpoints, startDatabaseEndpoints } from "../../scripts/lib/database-endpoints.ts";
import { type DestinationServer, startDestinationServer } from "../../scripts/lib/destination-server.ts";
import { type SmtpSink, startSmtpSink } from "../../scripts/lib/smtp-sink.ts";
import { type Alertmanager, startAlertmanager } from "../../scripts/lib/stack/alertmanager.ts";
import { type DevWorker, startDevWorker } from "../../scripts/lib/stack/dev-worker.ts";
import { type Prometheus, startPrometheus } from "../../scripts/lib/stack/prometheus.ts";
import { waitFor } from "../../scripts/lib/stack/wait.ts";
import { randomToken, workerVars } from "./stack-env.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const token = randomToken();
const recipient = `oncall-${randomBytes(4).toString("hex")}@linkscope.test`;
let dir: string;
let sink: SmtpSink;
let databaseProxy: DatabaseEndpoints;
let worker: DevWorker;
let alertmanager: Alertmanager;
let prometheus: Prometheus;
let receiver: DestinationServer;

const readYaml = <T>(path: string) => parse(readFileSync(`${ROOT}${path}`, "utf8")) as T;

function first<T>(items: T[] | undefined): T {
  const item = items?.[0];
  if (item === undefined) throw new Error("the shipped config lost an entry this test rewrites");
  return item;
}

interface Targets {
  static_configs: { targets: string[] }[];
}

interface AlertmanagerYaml {
  global: Record<string, unknown>;
  route: Record<string, unknown>;
  receivers: { email_configs: { to: string }[] }[];
}

interface PrometheusYaml {
  global: Record<string, unknown>;
  rule_files: string[];
  alerting: { alertmanagers: Targets[] };
  scrape_configs: (Targets & { authorization: { credentials_file: string } })[];
}

/** The shipped Alertmanager config, pointed at the local sink and made quick. */
function alertmanagerConfig(): string {
  const config = readYaml<AlertmanagerYaml>("dashboards/alertmanager/alertmanager.yml");
  config.global.smtp_smarthost = `127.0.0.1:${sink.smtpPort}`;
  Object.assign(config.route, { group_wait: "1s", group_interval: "5s" });
  first(first(config.receivers).email_configs).to = recipient;
  return stringify(config);
}

/** The shipped Prometheus config and rules, pointed at the local processes, evaluated every 2 s. */
function prometheusConfig(): string {
  const rules = readYaml<{ groups: { interval: string }[] }>("dashboards/prometheus/rules/linkscope-alerts.yml");
  for (const group of rules.groups) group.interval = "2s";
  writeFileSync(`${dir}/linkscope-alerts.yml`, stringify(rules));
  writeFileSync(`${dir}/metrics-token`, token);
  const config = readYaml<PrometheusYaml>("dashboards/prometheus/prometheus.yml");
  Object.assign(config.global, { scrape_interval: "2s", evaluation_interval: "2s" });
  config.rule_files = [`${dir}/linkscope-alerts.yml`];
  first(first(config.alerting.alertmanagers).static_configs).targets = [alertmanager.address];
  const job = first(config.scrape_configs);
  first(job.static_configs).targets = [`127.0.0.1:${worker.port}`];
  job.authorization.credentials_file = `${dir}/metrics-token`;
  return stringify(config);
}

async function send(path: string, init: RequestInit = {}) {
  const response = await fetch(`${worker.url}${path}`, { redirect: "manual", ...init });
  await response.arrayBuffer();
  return response.status;
}

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  dir = mkdtempSync(`${tmpdir()}/linkscope-stack-`);
  sink = await startSmtpSink();
  const database = new URL(process.env.LINKSCOPE_TEST_DATABASE_URL ?? "");
  databaseProxy = await startDatabaseEndpoints(database.toString());
  receiver = await startDestinationServer();
  worker = await startDevWorker(
    workerVars({
      METRICS_TOKEN: token,
      ...databaseProxy.vars,
      APP_VERSION: "full-stack",
      ALLOW_PRIVATE_DESTINATIONS: "true",
    }),
  );
  alertmanager = await startAlertmanager(alertmanagerConfig());
  prometheus = await startPrometheus({ target: "", configYaml: prometheusConfig() });
  await waitFor("the first scrape", async () =>
    (await prometheus.query('up{job="linkscope"} == 1')).length ? true : undefined,
  );
}, 240_000);

afterAll(async () => {
  await prometheus?.stop();
  await alertmanager?.stop();
  await worker?.stop();
  await databaseProxy?.close();
  await receiver?.close();
  await sink?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the full stack, natively", () => {
  it("loads the shipped alert rules", async () => {
    const response = await fetch(`${prometheus.url}/api/v1/rules`);
    const body = (await response.json()) as { data: { groups: { rules: { name: string }[] }[] } };
    const names = body.data.groups.flatMap((group) => group.rules.map((rule) => rule.name));
    expect(names).toEqual(
      expect.arrayContaining(["service_down", "high_error_rate", "redirect_availability_fast_burn"]),
    );
  });

  // Under wrangler dev every request has a context of its own, unlike the integration tests' worker calls:
  // a write that waits for another request's invalidation round trip (cache/invalidation-batcher.ts)
  // must not be cancelled as hung, nor answered before its cache is clean.
  it("links created at once by separate requests all answer 201 and each redirects at once", async () => {
    const codes = Array.from({ length: 40 }, (_, index) => `burst-${randomBytes(4).toString("hex")}-${index}`);
    for (const code of codes) expect(await send(`/${code}`)).toBe(404); // each cached as unknown
    const created = await Promise.all(
      codes.map((code) => send("/urls", json({ short_code: code, original_url: `https://example.com/burst/${code}` }))),
    );
    expect(created).toEqual(codes.map(() => 201));
    for (const code of codes) {
      const response = await fetch(`${worker.url}/${code}`, { redirect: "manual" });
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`https://example.com/burst/${code}`);
    }
  });

  it("every Grafana panel's query returns data after traffic, and an error burst reaches the on-call inbox", {
    timeout: 240_000,
  }, async () => {
    // Traffic for every panel: redirects, the API (with cache hits and a constraint violation),
    // an import, system routes, an evaluator run (database probe, alert states) and webhooks.
    // Under another name than the worker's own (127.0.0.1 is this service's host for its requests).
    const hookResponse = await fetch(
      `${worker.url}/webhooks`,
      json({ url: `${receiver.otherDomainUrl}/full-stack/accept`, events: ["link.created", "link.clicked"] }),
    );
    const hook = (await hookResponse.json()) as { secret: string };
    expect(hookResponse.status, JSON.stringify(hook)).toBe(201);
    const created = await fetch(`${worker.url}/urls`, json({ original_url: "https://example.com/full-stack" }));
    const { short_code: code } = (await created.json()) as { short_code: string };
    for (let i = 0; i < 40; i++) expect(await send(`/${code}`)).toBe(302);
    // A query too long to forward, and a capped link's reserved clicks.
    expect(await send(`/${code}?long=${"x".repeat(9_000)}`)).toBe(302);
    const capped = await fetch(
      `${worker.url}/urls`,
      json({ original_url: "https://example.com/capped", max_clicks: 5 }),
    );
    const { short_code: cappedCode } = (await capped.json()) as { short_code: string };
    const browser = { headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0" } };
    for (let i = 0; i < 6; i++) expect(await send(`/${cappedCode}`, browser)).toBe(i < 5 ? 302 : 410);
    // A protected link: a wrong password and a right one.
    const locked = await fetch(
      `${worker.url}/urls`,
      json({ original_url: "https://example.com/locked", password: "pw" }),
    );
    const { short_code: lockedCode } = (await locked.json()) as { short_code: string };
    expect(await send(`/${lockedCode}`, { headers: { "X-Link-Password": "nope" } })).toBe(403);
    expect(await send(`/${lockedCode}`, { headers: { "X-Link-Password": "pw" } })).toBe(302);
    const user = (await (
      await fetch(`${worker.url}/users`, json({ username: `stack${code}`, email: `stack${code}@example.test` }))
    ).json()) as { id: number };
    for (let i = 0; i < 3; i++) expect(await send(`/users/${user.id}`)).toBe(200);
    expect(await send("/users", json({ username: `stack${code}`, email: `other${code}@example.test` }))).toBe(409);
    const csv = `username,email\nbulk${code},bulk${code}@example.test\n`;
    expect(await send("/users/bulk", { method: "POST", headers: { "Content-Type": "text/csv" }, body: csv })).toBe(201);
    expect(await send("/health")).toBe(200);
    // A sign-in with a made-up token: refused, and counted (the Sign-in row's panel).
    expect(await send("/auth/email/verify", json({ token: "z".repeat(43) }))).toBe(401);
    // The links' creations and the people's clicks, sent by the queue after the responses.
    const deliveries = await waitFor("webhook deliveries at the receiver", async () => {
      const seen = (await (await fetch(`${receiver.url}/__requests?prefix=/full-stack`)).json()) as {
        headers: Record<string, string>;
        body: string;
      }[];
      return seen.length >= 4 ? seen : undefined;
    }).catch((error: Error) => {
      const log = worker.output().split("\n");
      throw new Error(
        `${error.message}\n${log
          .filter((line) => /webhook|QUEUE|error/i.test(line))
          .slice(-40)
          .join("\n")}`,
      );
    });
    const types = deliveries.map(
      (delivery) => (new Webhook(hook.secret).verify(delivery.body, delivery.headers) as { type: string }).type,
    );
    expect(types).toEqual(expect.arrayContaining(["link.created", "link.clicked"]));
    expect(await send("/cdn-cgi/handler/scheduled?cron=*+*+*+*+*")).toBe(200);

    // Prometheus has seen the route answer (its 5xx series starts at 0), as on any live service.
    await waitFor("the /users 5xx series at 0", async () => {
      const samples = await prometheus.query(
        'linkscope_http_requests_total{route="/users",method="POST",status_class="5xx"}',
      );
      return samples.length > 0 ? true : undefined;
    });

    // The error burst: the database goes away; writes fail with 503 until it is back.
    databaseProxy.setReachable(false);
    for (let i = 0; i < 30; i++) {
      expect(await send("/users", json({ username: `burst${i}${code}`, email: `burst${i}${code}@example.test` }))).toBe(
        503,
      );
    }
    databaseProxy.setReachable(true);

    const mail = await waitFor(
      "the high_error_rate email from Alertmanager",
      async () =>
        sink.messages.find((message) => message.to.includes(recipient) && message.subject.includes("high_error_rate")),
      90_000,
    ).catch(async (error: Error) => {
      // Say where the chain broke: the rule, Alertmanager, or the mail.
      const alerts = await prometheus.query("ALERTS");
      const ratio = await prometheus.query(
        'sum(increase(linkscope_http_requests_total{status_class="5xx"}[2m])) / sum(increase(linkscope_http_requests_total[2m]))',
      );
      const routed = await (await fetch(`${alertmanager.url}/api/v2/alerts`)).text();
      const raw = await prometheus.query('linkscope_http_requests_total{status_class="5xx"}');
      throw new Error(
        `${error.message}\nALERTS: ${JSON.stringify(alerts)}\n5xx ratio: ${JSON.stringify(ratio)}\n5xx: ${JSON.stringify(raw)}\n` +
          `Alertmanager: ${routed}\nmail: ${JSON.stringify(sink.messages.map((m) => [m.to, m.subject]))}\n${alertmanager.log()}`,
      );
    });
    expect(mail.subject).toContain("[Linkscope FIRING] high_error_rate (page)");

    const empty: string[] = [];
    await waitFor(
      "every panel query to return data",
      async () => {
        empty.length = 0;
        for (const panel of PANELS) {
          for (const query of panel.queries) {
            const samples = await prometheus.query(runnableExpr(query.expr));
            if (samples.length === 0) empty.push(`${panel.title}: ${query.expr}`);
          }
        }
        return empty.length === 0 ? true : undefined;
      },
      60_000,
    ).catch(() => undefined);
    expect(empty).toEqual([]);

    // The click pipeline's panels read clicks through the real queue and consumer, not series at 0. A
    // counter first scraped at N shows no rate, so a click every 1.5 s until Prometheus (every 2 s) has
    // seen each family rise and each panel has a number.
    const values = (title: string) =>
      Promise.all(
        (PANELS.find((panel) => panel.title === title)?.queries ?? []).map(async (query) =>
          Number((await prometheus.query(runnableExpr(query.expr, "10m")))[0]?.value[1]),
        ),
      );
    const clickPanels = await waitFor(
      "the click pipeline's panels to read this test's clicks",
      async () => {
        expect(await send(`/${code}`)).toBe(302);
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        const read = {
          perClick: await values("Queue messages per click"),
          stored: await values("Clicks stored per second"),
          lag: await values("Click consumer lag (p50, p95, p99)"),
          sizes: await values("Clicks per queue message (p50, p95)"),
        };
        return Object.values(read).flat().every(Number.isFinite) ? read : undefined;
      },
      60_000,
    );
    expect(clickPanels.perClick[0]).toBeGreaterThan(0);
    expect(clickPanels.perClick[0]).toBeLessThanOrEqual(1);
    expect(clickPanels.stored[0]).toBeGreaterThan(0);
    expect(clickPanels.stored[1]).toBe(0); // malformed: none sent
    for (const lag of clickPanels.lag) expect(lag).toBeGreaterThanOrEqual(0);
    for (const size of clickPanels.sizes) expect(size).toBeGreaterThan(0);
  });
});
