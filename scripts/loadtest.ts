// npm run loadtest -- BASE_URL [--duration 30] [--connections 20] [--p99-ms 500] [--max-error-rate 0.01]
//                              [--mix mixed|redirects] [--links 50] [--writes-per-minute 60] [--token API_KEY]
//
// A mixed, realistic load against any Linkscope (local or deployed): mostly redirects over a
// Zipf-skewed set of codes, some creates, updates and list reads. It first creates the links it
// will click (through the API), so it needs nothing seeded. Like k6 thresholds, it fails (exit 1)
// when p99 latency or the error rate crosses its limit. Replaces the seed's k6 script, which
// only ever requested /health. It stays within the service's write limit (120 a minute per key or
// client): creating its links honours Retry-After, and the mix makes at most --writes-per-minute
// writes in any minute (the creates included), turning the others into redirects.
//
// Against a server on this machine (127.0.0.1 or localhost) it also reports the memory of the
// server's processes (the listener's process group) at the start, every tenth of the run and the
// end, and --check-clicks waits for the click queue to drain and compares the clicks the service
// stored for its links with the redirects it served (a soak: --duration 600 --check-clicks).
import { parseArgs } from "node:util";
import { runLoad } from "./lib/load.ts";
import { sampleServerMemory } from "./lib/server-memory.ts";
import { zipfSampler } from "./lib/zipf.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: "string", default: "30" },
    connections: { type: "string", default: "20" },
    links: { type: "string", default: "50" },
    "writes-per-minute": { type: "string", default: "60" },
    "p99-ms": { type: "string", default: "500" },
    "max-error-rate": { type: "string", default: "0.01" },
    token: { type: "string", default: process.env.LINKSCOPE_API_KEY ?? "" },
    // "mixed" (default) or "redirects": only redirects, e.g. to watch them through a Redis outage.
    mix: { type: "string", default: "mixed" },
    "check-clicks": { type: "boolean", default: false },
  },
});

const baseUrl = (positionals[0] ?? "").replace(/\/$/, "");
if (!/^https?:\/\/[^/]+/.test(baseUrl)) {
  console.error(
    "usage: npm run loadtest -- BASE_URL [--duration 30] [--connections 20] [--p99-ms 500] [--max-error-rate 0.01]",
  );
  process.exit(2);
}
const LINKS = Number(values.links);
const P99_LIMIT_MS = Number(values["p99-ms"]);
const MAX_ERROR_RATE = Number(values["max-error-rate"]);
const authorization: Record<string, string> = values.token ? { Authorization: `Bearer ${values.token}` } : {};
const jsonHeaders = { "Content-Type": "application/json", ...authorization };
const runTag = Date.now().toString(36);
const WRITES_PER_MINUTE = Number(values["writes-per-minute"]);
// When each recent write was made: the mix never exceeds WRITES_PER_MINUTE in any 60 s.
const recentWrites: number[] = [];
function mayWrite(): boolean {
  const now = Date.now();
  while (recentWrites.length > 0 && (recentWrites[0] as number) <= now - 60_000) recentWrites.shift();
  if (recentWrites.length >= WRITES_PER_MINUTE) return false;
  recentWrites.push(now);
  return true;
}

console.log(`[loadtest] creating ${LINKS} links on ${baseUrl}`);
const links: { id: number; code: string }[] = [];
for (let i = 0; i < LINKS; i++) {
  const create = () =>
    fetch(`${baseUrl}/urls`, {
      method: "POST",
      headers: jsonHeaders,
      body: JSON.stringify({ original_url: `https://example.com/loadtest/${runTag}/${i}`, title: `loadtest ${i}` }),
      signal: AbortSignal.timeout(10_000),
    });
  let response = await create();
  if (response.status === 429) {
    // Past the write limit: wait as told, once, rather than give up.
    const seconds = Number(response.headers.get("Retry-After") ?? "60");
    console.log(`[loadtest] write limit reached after ${i} links: waiting ${seconds} s as Retry-After says`);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    response = await create();
  }
  recentWrites.push(Date.now());
  if (response.status !== 201) {
    console.error(`[loadtest] could not create links: ${response.status} ${await response.text()}`);
    process.exit(1);
  }
  const body = (await response.json()) as { id: number; short_code: string };
  links.push({ id: body.id, code: body.short_code });
}

const pick = zipfSampler(links.length);
let writes = 0;
// The mix, per 100 requests: 90 redirects, 4 creates, 3 updates, 3 list reads.
function nextRequest() {
  const roll = Math.random() * 100;
  const link = links[pick()] ?? links[0];
  if (!link) throw new Error("no links");
  const redirect = { path: `/${link.code}`, headers: authorization };
  if (roll < 90 || values.mix === "redirects") return redirect;
  if (roll < 97 && !mayWrite()) return redirect;
  if (roll < 94) {
    writes += 1;
    return {
      path: "/urls",
      method: "POST",
      headers: jsonHeaders,
      body: JSON.stringify({ original_url: `https://example.com/loadtest/${runTag}/new/${writes}` }),
    };
  }
  if (roll < 97) {
    return {
      path: `/urls/${link.id}`,
      method: "PATCH",
      headers: jsonHeaders,
      body: JSON.stringify({ title: `loadtest edit ${Date.now()}` }),
    };
  }
  return { path: "/urls?page=1&per_page=20", headers: authorization };
}

const { hostname, port } = new URL(baseUrl);
const localPort = ["127.0.0.1", "localhost"].includes(hostname) ? Number(port || 80) : undefined;
const durationSeconds = Number(values.duration);

/** The service's own count of redirects it answered with 302 (linkscope_redirects_total, outcome "found"). */
async function redirectsFoundByService(): Promise<number | undefined> {
  const response = await fetch(`${baseUrl}/prometheus`, {
    headers: process.env.METRICS_TOKEN ? { Authorization: `Bearer ${process.env.METRICS_TOKEN}` } : {},
    signal: AbortSignal.timeout(10_000),
  }).catch(() => undefined);
  if (!response?.ok) return undefined;
  let total = 0;
  for (const line of (await response.text()).split("\n")) {
    if (line.startsWith("linkscope_redirects_total{") && line.includes('outcome="found"')) {
      total += Number(line.slice(line.lastIndexOf(" ") + 1));
    }
  }
  return total;
}
const foundBefore = values["check-clicks"] ? await redirectsFoundByService() : undefined;
// Memory of a local server: sampled every tenth of the run, from just before the load starts.
const memory = localPort === undefined ? undefined : sampleServerMemory(localPort, (durationSeconds * 1000) / 10);

console.log(`[loadtest] ${values.duration}s with ${values.connections} connections`);
const result = await runLoad({
  url: baseUrl,
  durationSeconds,
  connections: Number(values.connections),
  nextRequest,
});
const atEnd = memory?.stop();
if (memory?.atStart && atEnd) {
  const { samples } = memory;
  console.log(
    JSON.stringify({
      server_memory_mb: {
        start: samples[0]?.rss_mb,
        middle: samples[Math.floor(samples.length / 2)]?.rss_mb,
        end: samples.at(-1)?.rss_mb,
        samples,
        processes_at_start: memory.atStart,
        processes_at_end: atEnd,
      },
    }),
  );
}
const errorRate = result.requests === 0 ? 1 : result.errors / result.requests;
console.log(
  JSON.stringify({
    rps: result.rps,
    p50_ms: result.p50_ms,
    p99_ms: result.p99_ms,
    requests: result.requests,
    errors: result.errors,
    error_rate: Number(errorRate.toFixed(5)),
    statuses: result.statuses,
  }),
);
const failures: string[] = [];
if (values["check-clicks"]) {
  // Every redirect served is a click the queue consumer stores; wait for it to drain. The service's
  // own count is the reference: the load generator stops with requests in flight that the service
  // still answers (and clicks) but the generator never counts.
  const counted = result.statuses["302"] ?? 0;
  const servedByService = async () => {
    const after = await redirectsFoundByService();
    return after === undefined || foundBefore === undefined ? undefined : after - foundBefore;
  };
  const storedClicks = async () => {
    let total = 0;
    for (const link of links) {
      const response = await fetch(`${baseUrl}/urls/${link.id}/stats`, {
        headers: authorization,
        signal: AbortSignal.timeout(10_000),
      });
      total += ((await response.json()) as { total?: number }).total ?? 0;
    }
    return total;
  };
  let stored = await storedClicks();
  let served = (await servedByService()) ?? counted;
  const deadline = Date.now() + 120_000;
  // Both counts settle after the load: the queue drains, the isolates flush their metric deltas.
  while (stored !== served && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    stored = await storedClicks();
    served = (await servedByService()) ?? counted;
  }
  console.log(
    JSON.stringify({ redirects_served: served, redirects_counted_by_load_generator: counted, clicks_stored: stored }),
  );
  if (stored !== served) failures.push(`clicks stored ${stored} ≠ redirects served ${served}`);
}
if (result.p99_ms > P99_LIMIT_MS) failures.push(`p99 ${result.p99_ms} ms > ${P99_LIMIT_MS} ms`);
if (errorRate > MAX_ERROR_RATE) failures.push(`error rate ${errorRate.toFixed(4)} > ${MAX_ERROR_RATE}`);
if (failures.length > 0) {
  console.error(`[loadtest] FAILED: ${failures.join("; ")}`);
  process.exit(1);
}
console.log(`[loadtest] passed: p99 ≤ ${P99_LIMIT_MS} ms, error rate ≤ ${MAX_ERROR_RATE}`);
