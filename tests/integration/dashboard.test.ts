import { describe, expect, it } from "vitest";
import type { HistoryMinute } from "../../worker/services/metrics/minute-history";
import { callWorker, createUrl, get, sendJson } from "../harness";

interface History {
  minutes: HistoryMinute[];
}

/** Waits until the consumer has stored the link's clicks (the queue delivers within a second or so). */
async function storedClicks(urlId: number, clicks: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  let total = 0;
  while (Date.now() < deadline) {
    total = (await get<{ total: number }>(`/urls/${urlId}/stats`)).body.total;
    if (total >= clicks) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the consumer stored ${total} of ${clicks} clicks`);
}

describe("GET /dashboard", () => {
  it("is one self-contained page under a strict nonce CSP", async () => {
    const response = await get<string>("/dashboard");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/html");
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    const nonce = /script-src 'nonce-([0-9a-f]+)'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    // Every script and style carries the nonce; nothing is loaded from elsewhere.
    const tags = [...response.text.matchAll(/<(script|style)\b[^>]*>/g)].map((match) => match[0]);
    expect(tags.length).toBe(3);
    for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
    expect(response.text).not.toMatch(/(src|href)="https?:/);
    expect(response.text).toContain("uPlot");
    expect((await get<string>("/dashboard")).headers.get("Content-Security-Policy")).not.toContain(nonce);
  });

  it("has a Custom domains panel fed by /alert-status (domains by state, certificates by status)", async () => {
    const page = (await get<string>("/dashboard")).text;
    const panel = /<section id="custom-domains">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? "";
    expect(panel).toContain("<h2>Custom domains</h2>");
    expect(panel).toContain('<tbody id="domain-states">');
    expect(panel).toContain('<tbody id="domain-certificates">');
    // Its rows, filled by the page's script in a browser: tests/stack/dashboard-browser.test.ts.
  });

  it("has the click pipeline's charts: the consumer's lag and queue messages per click", async () => {
    const page = (await get<string>("/dashboard")).text;
    expect(page).toContain('<div class="chart" id="chart-click-lag" data-points="0">');
    expect(page).toContain('<div class="chart" id="chart-click-messages" data-points="0">');
    // Fed from /metrics/history's clicks (below); drawn in a browser: tests/stack/dashboard-browser.test.ts.
  });

  it("stays open when METRICS_TOKEN is set (it holds no data) while its data sources are protected", async () => {
    const token = { METRICS_TOKEN: "dashboard-test-token-0123456789" };
    const page = await callWorker("/dashboard", {}, token);
    expect(page.response.status).toBe(200);
    await page.settled();
    const history = await callWorker("/metrics/history", {}, token);
    expect(history.response.status).toBe(401);
    await history.settled();
  });
});

describe("GET /metrics/history", () => {
  it("gives per-minute counts with this test's redirects and their latency", async () => {
    const url = await createUrl();
    for (let i = 0; i < 8; i++) await (await callWorker(`/${url.short_code}`)).settled();
    const ended = await createUrl({ expires_at: new Date(Date.now() + 3_600_000).toISOString() });
    await sendJson("PATCH", `/urls/${ended.id}`, { expires_at: new Date(Date.now() - 1000).toISOString() });
    for (let i = 0; i < 3; i++) await (await callWorker(`/${ended.short_code}`)).settled();
    const response = await get<History>("/metrics/history?minutes=5");
    expect(response.status).toBe(200);
    const { minutes } = response.body;
    expect(minutes).toHaveLength(5);
    expect(Date.parse(minutes[4]?.start ?? "")).toBeLessThanOrEqual(Date.now());
    const recent = minutes.slice(-2);
    expect(recent.reduce((sum, m) => sum + m.redirects, 0)).toBeGreaterThanOrEqual(8);
    expect(recent.reduce((sum, m) => sum + m.tiers.isolate, 0)).toBeGreaterThanOrEqual(7);
    expect(recent.reduce((sum, m) => sum + m.outcomes.found, 0)).toBeGreaterThanOrEqual(8);
    expect(recent.reduce((sum, m) => sum + m.outcomes.expired, 0)).toBeGreaterThanOrEqual(3);
    const withLatency = recent.find((m) => m.latency_ms.p50 !== null);
    expect(withLatency?.latency_ms.p50).toBeGreaterThanOrEqual(0);
    expect(withLatency?.latency_ms.p99).toBeGreaterThanOrEqual(withLatency?.latency_ms.p50 ?? 0);
  });

  it("gives the click pipeline per minute from this test's clicks through the real queue and consumer", async () => {
    const url = await createUrl();
    const CLICKS = 6;
    // At once, so the isolate may gather them into fewer messages than clicks.
    await Promise.all(Array.from({ length: CLICKS }, async () => (await callWorker(`/${url.short_code}`)).settled()));
    // Stored means read: the consumer observed their lag and flushed its metrics before acking.
    await storedClicks(url.id, CLICKS);
    const { minutes } = (await get<History>("/metrics/history?minutes=3")).body;
    const sent = minutes.reduce((sum, m) => sum + m.clicks.sent, 0);
    const messages = minutes.reduce((sum, m) => sum + m.clicks.messages, 0);
    expect(sent).toBeGreaterThanOrEqual(CLICKS);
    expect(messages).toBeGreaterThanOrEqual(1);
    expect(messages).toBeLessThanOrEqual(sent); // a message carries at least one click
    const batched = minutes.filter((m) => m.clicks.messages_per_click !== null);
    expect(batched.length).toBeGreaterThanOrEqual(1);
    for (const m of batched) {
      expect(m.clicks.messages_per_click).toBeCloseTo(m.clicks.messages / m.clicks.sent, 4);
      expect(m.clicks.messages_per_click).toBeGreaterThan(0);
      expect(m.clicks.messages_per_click).toBeLessThanOrEqual(1);
    }
    const lagged = minutes.filter((m) => m.clicks.lag_seconds.p50 !== null);
    expect(lagged.length).toBeGreaterThanOrEqual(1);
    for (const { clicks } of lagged) {
      const { p50, p95, p99 } = clicks.lag_seconds;
      expect(p50).toBeGreaterThanOrEqual(0);
      expect(p95).toBeGreaterThanOrEqual(p50 ?? 0);
      expect(p99).toBeGreaterThanOrEqual(p95 ?? 0);
      expect(p99).toBeLessThanOrEqual(1800);
    }
  });

  it("refuses out-of-range windows", async () => {
    for (const bad of ["0", "181", "x", "-5"]) expect((await get(`/metrics/history?minutes=${bad}`)).status).toBe(400);
  });
});
