// A real Prometheus scrapes the worker under wrangler dev: counters match a known load exactly,
// rates come back from the query API, promtool lints the live exposition, and no request path
// becomes a label or a series.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevWorker, startDevWorker } from "../../scripts/lib/stack/dev-worker.ts";
import { type Prometheus, startPrometheus } from "../../scripts/lib/stack/prometheus.ts";
import { waitFor } from "../../scripts/lib/stack/wait.ts";
import { randomToken, workerVars } from "./stack-env.ts";

const token = randomToken();
let worker: DevWorker;
let prometheus: Prometheus;

const auth = { Authorization: `Bearer ${token}` };

async function scalar(expression: string): Promise<number | undefined> {
  const [sample] = await prometheus.query(expression);
  return sample ? Number(sample.value[1]) : undefined;
}

beforeAll(async () => {
  worker = await startDevWorker(workerVars({ METRICS_TOKEN: token, APP_VERSION: "stack-test" }));
  prometheus = await startPrometheus({ target: `127.0.0.1:${worker.port}`, bearerToken: token });
  await waitFor("the first successful scrape", async () =>
    (await scalar('up{job="linkscope"}')) === 1 ? true : undefined,
  );
}, 150_000);

afterAll(async () => {
  await prometheus?.stop();
  await worker?.stop();
});

describe("Prometheus scraping the dev server", () => {
  it("sees exactly the requests sent, and their rate", async () => {
    const series = 'linkscope_http_requests_total{method="OPTIONS",route="/openapi.json",status_class="4xx"}';
    // One request first, so the series exists before the load and rate() has a starting point.
    await fetch(`${worker.url}/openapi.json`, { method: "OPTIONS" });
    const before = await waitFor("the series to be scraped", () => scalar(series));
    const n = 60;
    for (let i = 0; i < n; i++) {
      expect((await fetch(`${worker.url}/openapi.json`, { method: "OPTIONS" })).status).toBe(405);
    }
    // The worker flushes on a timer; /prometheus flushes the pending counts of the isolate it runs in.
    const seen = await waitFor("the scraped counter to reach the load", async () => {
      const value = await scalar(series);
      return value === before + n ? value : undefined;
    });
    expect(seen).toBe(before + n);
    const rate = await waitFor("a rate over the load", async () => {
      const value = await scalar(`rate(${series}[30s])`);
      return value !== undefined && value > 0 ? value : undefined;
    });
    expect(rate).toBeGreaterThan(0);
    expect(await scalar('linkscope_build_info{version="stack-test"}')).toBe(1);
  });

  it("keeps paths and codes out of labels, and the series count bounded", async () => {
    const tokens = Array.from({ length: 400 }, (_, i) => `zz${i}x${randomToken().slice(0, 8)}`);
    for (const [i, path] of tokens.entries()) {
      await fetch(`${worker.url}/${path}${i % 2 ? "/deeper/path" : ""}`, { redirect: "manual" });
    }
    await fetch(`${worker.url}/prometheus`, { headers: auth });
    const exposition = await (await fetch(`${worker.url}/prometheus`, { headers: auth })).text();
    for (const path of tokens) expect(exposition).not.toContain(path);
    const series = await waitFor("a scrape after the random paths", async () => {
      const count = await scalar('count({job="linkscope"})');
      return count !== undefined && count > 0 ? count : undefined;
    });
    expect(series).toBeLessThan(1_000);
    const labels = await prometheus.query("group by (route) (linkscope_http_requests_total)");
    for (const { metric } of labels) expect(metric.route).toMatch(/^(unmatched|\/[a-z.:/-]*)$/);
  });

  it("serves an exposition promtool accepts with no lint warnings", () => {
    return (async () => {
      const exposition = await (await fetch(`${worker.url}/prometheus`, { headers: auth })).text();
      const result = spawnSync("promtool", ["check", "metrics"], { input: exposition, encoding: "utf8" });
      expect(`${result.stdout}${result.stderr}`.trim()).toBe("");
      expect(result.status).toBe(0);
    })();
  });

  it("refuses the scrape without the token", async () => {
    const response = await fetch(`${worker.url}/prometheus`);
    expect(response.status).toBe(401);
    expect(await scalar('up{job="linkscope"}')).toBe(1);
  });
});
