import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { callWorker, createUrl, createUser, get, send, unique } from "../harness";

async function scrape(): Promise<{ text: string; contentType: string | null }> {
  const { response, settled } = await callWorker("/prometheus");
  await settled();
  return { text: await response.text(), contentType: response.headers.get("Content-Type") };
}

function sampleValue(text: string, seriesPrefix: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${seriesPrefix} `));
  return line ? Number(line.slice(seriesPrefix.length + 1)) : 0;
}

const seriesLines = (text: string) => text.split("\n").filter((line) => line && !line.startsWith("#"));

describe("/prometheus", () => {
  it("serves the text format 0.0.4 with HELP and TYPE for every family, all named linkscope_*", async () => {
    await get("/health");
    const { text, contentType } = await scrape();
    expect(contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
    for (const line of seriesLines(text))
      expect(line).toMatch(/^linkscope_[a-z_]+(\{.*\})? [0-9.e+-]+$|^linkscope_.* \+Inf$/);
    expect(text).toContain("# TYPE linkscope_http_requests_total counter");
    expect(text).toContain("# TYPE linkscope_http_request_duration_seconds histogram");
    expect(text).toMatch(/linkscope_build_info\{commit="[^"]*",version="[^"]*"\} 1/);
  });

  it("counts exactly N requests", async () => {
    const series = 'linkscope_http_requests_total{method="OPTIONS",route="/openapi.json",status_class="4xx"}';
    const before = sampleValue((await scrape()).text, series);
    const n = 37;
    for (let i = 0; i < n; i++) expect((await send("OPTIONS", "/openapi.json")).status).toBe(405);
    expect(sampleValue((await scrape()).text, series) - before).toBe(n);
  });

  it("random paths and codes do not add series", async () => {
    const tokens = Array.from({ length: 150 }, () => unique("rnd"));
    for (const token of tokens) {
      await get(`/${token}`);
      await get(`/${token}/x/y`);
    }
    const { text } = await scrape();
    for (const token of tokens) expect(text).not.toContain(token);
    // Other test files share the shards, so compare label values, not series counts: every route
    // label is a template from the router (or "unmatched"), never a path.
    const routes = new Set([...text.matchAll(/route="([^"]*)"/g)].map((match) => match[1]));
    for (const route of routes) expect(route).toMatch(/^(unmatched|\/([a-z.-]+|:id|:code)?(\/([a-z.-]+|:id))*)$/);
    expect(routes.size).toBeLessThan(30);
  });

  it("every histogram's +Inf bucket equals its count", async () => {
    await get("/health");
    const { text } = await scrape();
    const infLines = text.split("\n").filter((line) => line.includes("_bucket{") && line.includes('le="+Inf"'));
    expect(infLines.length).toBeGreaterThan(0);
    for (const line of infLines) {
      const [series, value] = line.split(" ");
      const countSeries = (series ?? "")
        .replace("_bucket{", "_count{")
        .replace(/le="\+Inf",?/, "")
        .replace(",}", "}")
        .replace("{}", "");
      expect([countSeries, sampleValue(text, countSeries)]).toEqual([countSeries, Number(value)]);
    }
  });

  it("counts redirects by the tier that answered", async () => {
    const url = await createUrl();
    // HEAD redirects come only from this test, so that series can be compared exactly; the
    // tier counter is shared with other test files running now, so it can only be bounded below.
    const head = 'linkscope_http_requests_total{method="HEAD",route="/:code",status_class="3xx"}';
    const found = 'linkscope_redirects_total{outcome="found",tier="isolate"}';
    await (await callWorker(`/${url.short_code}`)).settled();
    const before = (await scrape()).text;
    for (let i = 0; i < 5; i++) await (await callWorker(`/${url.short_code}`, { method: "HEAD" })).settled();
    const after = (await scrape()).text;
    expect(sampleValue(after, head) - sampleValue(before, head)).toBe(5);
    expect(sampleValue(after, found) - sampleValue(before, found)).toBeGreaterThanOrEqual(5);
  });

  it("keeps its series in Durable Object storage", async () => {
    await get("/health");
    await scrape();
    const stub = env.METRICS.get(env.METRICS.idFromName("metrics-shard-0"));
    const stored = await Promise.all(
      [0, 1, 2, 3].map((shard) => env.METRICS.get(env.METRICS.idFromName(`metrics-shard-${shard}`)).read()),
    );
    expect(stored.flat().length).toBeGreaterThan(0);
    expect(stub).toBeDefined();
  });

  it("counts entity cache lookups by cache and result", async () => {
    const user = await createUser();
    const hit = 'linkscope_cache_lookups_total{cache="user",result="hit"}';
    const miss = 'linkscope_cache_lookups_total{cache="user",result="miss"}';
    const before = (await scrape()).text;
    await (await callWorker(`/users/${user.id}`)).settled(); // miss, filled after the response
    await (await callWorker(`/users/${user.id}`)).settled(); // hit
    const after = (await scrape()).text;
    expect(sampleValue(after, miss) - sampleValue(before, miss)).toBeGreaterThanOrEqual(1);
    expect(sampleValue(after, hit) - sampleValue(before, hit)).toBeGreaterThanOrEqual(1);
    // The miss went to Postgres: counted with its result and timed.
    const queries = 'linkscope_database_queries_total{result="ok"}';
    const timed = "linkscope_database_query_duration_seconds_count";
    expect(sampleValue(after, queries) - sampleValue(before, queries)).toBeGreaterThanOrEqual(1);
    expect(sampleValue(after, timed) - sampleValue(before, timed)).toBeGreaterThanOrEqual(1);
  });
});
