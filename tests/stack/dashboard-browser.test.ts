// /dashboard in a real headless Chromium against the worker under wrangler dev, with the
// metrics endpoints protected by a token: no console errors, charts fed by this test's own
// traffic, and markup from requests (paths, log lines) never executed. A screenshot is kept in
// test-artifacts/dashboard.png.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/lib/stack/browser.ts";
import { type DevWorker, startDevWorker } from "../../scripts/lib/stack/dev-worker.ts";
import { randomToken, workerVars } from "./stack-env.ts";

const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));
const token = randomToken();
let worker: DevWorker;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
const REDIRECTS = 40;
const FALLBACK_CLICKS = 3;
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/** A link whose destination can never answer (.invalid never resolves), broken by one check, clicked by people. */
async function clickBrokenLink(base: string) {
  const created = await fetch(`${base}/urls`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      original_url: `https://gone-${randomToken().slice(0, 8)}.invalid/page`,
      fallback_url: "https://example.com/dashboard-fallback",
    }),
  });
  const { id, short_code: code } = (await created.json()) as { id: number; short_code: string };
  const checked = await fetch(`${base}/urls/${id}/health/check`, { method: "POST" });
  expect(((await checked.json()) as { health: { state: string } }).health.state).toBe("broken");
  for (let i = 0; i < FALLBACK_CLICKS; i++) {
    const response = await fetch(`${base}/${code}`, { redirect: "manual", headers: { "User-Agent": BROWSER } });
    expect(response.headers.get("Location")).toBe("https://example.com/dashboard-fallback");
  }
  // The evaluator's run counts the links by health for /alert-status.
  expect((await fetch(`${base}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`)).status).toBe(200);
}

beforeAll(async () => {
  worker = await startDevWorker(
    workerVars({ METRICS_TOKEN: token, HEALTH_BROKEN_AFTER: "1", HEALTH_BROKEN_MIN_SPAN_MINUTES: "0" }),
  );
  chromium = await launchChromium();
  const created = await fetch(`${worker.url}/urls`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ original_url: "https://example.com/dashboard-test" }),
  });
  const { short_code: code } = (await created.json()) as { short_code: string };
  for (let i = 0; i < REDIRECTS; i++) await fetch(`${worker.url}/${code}`, { redirect: "manual" });
  // A custom domain (no keys required here, so DOMAIN_PROVIDER none: active at once), counted by the
  // evaluator's run in clickBrokenLink for the dashboard's Custom domains panel.
  const domain = await fetch(`${worker.url}/domains`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ hostname: `go.${randomToken().slice(0, 10)}.example.com` }),
  });
  expect(domain.status).toBe(201);
  await clickBrokenLink(worker.url);
  // Paths with markup: they must never reach the page as markup.
  for (const path of [
    "/%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D1%3E",
    "/<script>window.__xss=2</script>",
    "/x/%3Csvg%20onload%3Dwindow.__xss%3D3%3E",
  ]) {
    await fetch(`${worker.url}${path}`, { redirect: "manual" });
  }
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await worker?.stop();
});

describe("/dashboard in Chromium", () => {
  it("shows live charts from this test's traffic, with no console errors and nothing executed from requests", async () => {
    const page = await chromium.context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("dialog", (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    // A hostile log line, as if an error message had carried markup: it must show as text.
    await page.route("**/logs?limit=25", async (route) => {
      const response = await route.fetch();
      const lines = (await response.json()) as Record<string, unknown>[];
      lines.push({
        timestamp: new Date().toISOString(),
        level: "error",
        message: '<img src=x onerror="window.__xss=4">',
        route: "<script>window.__xss=5</script>",
        request_id: "xss-probe",
      });
      await route.fulfill({ response, json: lines });
    });

    await page.goto(`${worker.url}/dashboard#token=${token}`);
    await page.waitForFunction(() => Number(document.body.dataset.refreshes ?? 0) >= 1, undefined, { timeout: 30_000 });
    await page.waitForFunction(
      (expected) => Number(document.getElementById("chart-requests")?.dataset.total ?? 0) >= expected,
      REDIRECTS,
      { timeout: 30_000 },
    );
    expect(Number(await page.getAttribute("#chart-latency", "data-points"))).toBeGreaterThanOrEqual(1);
    expect(Number(await page.getAttribute("#chart-tiers", "data-points"))).toBeGreaterThanOrEqual(1);
    expect(Number(await page.getAttribute("#chart-outcomes", "data-points"))).toBeGreaterThanOrEqual(1);
    // data-points of the link-rot chart: the human clicks it shows (this worker's only broken link's).
    expect(Number(await page.getAttribute("#chart-broken", "data-points"))).toBe(FALLBACK_CLICKS);
    // The click pipeline: the redirects' clicks went through the real queue to the consumer (which may
    // read them a refresh later), so some minute has a lag and a messages-per-click point.
    for (const id of ["chart-click-lag", "chart-click-messages"]) {
      await page.waitForFunction((chartId) => Number(document.getElementById(chartId)?.dataset.points ?? 0) >= 1, id, {
        timeout: 30_000,
      });
    }
    expect(await page.locator(".chart canvas").count()).toBeGreaterThanOrEqual(8);
    const broken = page.locator("#link-health tr", { hasText: "broken" });
    expect(Number(await broken.locator("td").nth(1).textContent())).toBeGreaterThanOrEqual(1);
    const activeDomains = page.locator("#domain-states tr", { hasText: "active" });
    expect(Number(await activeDomains.locator("td").nth(1).textContent())).toBeGreaterThanOrEqual(1);
    expect(await page.locator("#domain-certificates tr").count()).toBe(4);
    expect(await page.locator("#alerts tr", { hasText: "domain_certificate_failed" }).count()).toBe(1);
    expect(await page.locator("#alerts tr").count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator("#health").textContent()).toContain("database");
    expect(page.url()).not.toContain(token); // the fragment is dropped once read

    await page.waitForSelector("text=xss-probe");
    expect(await page.locator("#logs").textContent()).toContain('<img src=x onerror="window.__xss=4">');
    expect(await page.locator("#logs img, #logs script").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(problems).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}dashboard.png`, fullPage: true });
    console.log(`[stack] dashboard screenshot: ${ARTIFACTS}dashboard.png`);
    await page.close();
  });

  it("asks for the token when it has none", async () => {
    const page = await chromium.context.newPage();
    await page.goto(`${worker.url}/dashboard`);
    await page.waitForSelector("#token-form:not([hidden])", { timeout: 15_000 });
    expect(await page.locator("#error").textContent()).toContain("token");
    await page.fill("#token", token);
    await page.click("#token-form button");
    await page.waitForFunction(() => Number(document.body.dataset.refreshes ?? 0) >= 1, undefined, { timeout: 15_000 });
    await page.close();
  });
});
