// Fault injection against the real services: a Redis lane of the chaos proxy that goes down,
// slow or mad, and a database that is not there. Redirects of cached links keep answering 302,
// nothing answers with an unhandled error, and correctness returns with the dependency.
import { describe, expect, it } from "vitest";
import { clearIsolateRedirects } from "../../worker/cache/link-cache";
import { REDIS_CIRCUIT } from "../../worker/cache/ttl";
import {
  callWorker,
  chaosLane,
  countCalls,
  createUrl,
  DEAD_DATABASE,
  scrapePrometheus,
  sendJson,
  seriesValue,
} from "../harness";

async function redirect(code: string, overrides = {}) {
  const { response, settled } = await callWorker(`/${code}`, {}, overrides);
  await settled();
  return response;
}

describe("Redis faults", () => {
  it.each(["down", "error", "garbage"] as const)(
    "Redis %s: redirects fall back to Postgres, then the circuit opens and skips Redis",
    async (mode) => {
      const lane = chaosLane();
      const url = await createUrl();
      await lane.setMode(mode);
      clearIsolateRedirects();
      const calls = countCalls();
      for (let i = 0; i < REDIS_CIRCUIT.minimumCalls + 3; i++) {
        clearIsolateRedirects();
        const response = await redirect(url.short_code, lane.overrides);
        expect(response.status).toBe(302);
        expect(response.headers.get("Location")).toBe(url.original_url);
      }
      const made = calls();
      expect(made.redisFailures).toBeGreaterThanOrEqual(REDIS_CIRCUIT.minimumCalls);
      // Once open, the circuit keeps further requests off Redis entirely.
      expect(made.redis).toBe(made.redisFailures);
      expect(made.redis).toBeLessThan(2 * (REDIS_CIRCUIT.minimumCalls + 3));
    },
  );

  it("Redis slow: a call past the timeout is a miss, not a wait", async () => {
    const lane = chaosLane();
    const url = await createUrl();
    await lane.setMode("slow", 2_000);
    clearIsolateRedirects();
    const calls = countCalls();
    const startedAt = Date.now();
    const response = await redirect(url.short_code, lane.overrides);
    expect(response.status).toBe(302);
    expect(calls().redisFailures).toBeGreaterThanOrEqual(1);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it("API reads and writes keep working while Redis is down", async () => {
    const lane = chaosLane();
    await lane.setMode("down");
    const created = await callWorker(
      "/urls",
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ original_url: "https://example.com/r" }),
      },
      lane.overrides,
    );
    expect(created.response.status).toBe(201);
    const { id } = (await created.response.json()) as { id: number };
    const read = await callWorker(`/urls/${id}`, {}, lane.overrides);
    expect(read.response.status).toBe(200);
    const list = await callWorker("/urls?per_page=1", {}, lane.overrides);
    expect(list.response.status).toBe(200);
  });

  it("after Redis comes back, it serves the current value", async () => {
    const lane = chaosLane();
    const url = await createUrl();
    await lane.setMode("down");
    await sendJson("PATCH", `/urls/${url.id}`, { original_url: "https://example.org/during-outage" });
    await lane.setMode("pass");
    clearIsolateRedirects();
    const response = await redirect(url.short_code, lane.overrides);
    expect(response.headers.get("Location")).toBe("https://example.org/during-outage");
  });
});

describe("Postgres unreachable", () => {
  it("cached links keep redirecting from the isolate and from Redis", async () => {
    const url = await createUrl();
    await redirect(url.short_code); // now in the isolate and in Redis
    expect((await redirect(url.short_code, DEAD_DATABASE)).status).toBe(302);
    clearIsolateRedirects();
    const fromRedis = await redirect(url.short_code, DEAD_DATABASE);
    expect(fromRedis.status).toBe(302);
    expect(fromRedis.headers.get("Location")).toBe(url.original_url);
  });

  it("uncached links and the API answer 503 JSON, and recover with the database", async () => {
    const url = await createUrl();
    clearIsolateRedirects();
    const lane = chaosLane();
    await lane.setMode("down"); // nothing cached can help either
    const outage = { ...DEAD_DATABASE, ...lane.overrides };
    const miss = await redirect(url.short_code, outage);
    expect(miss.status).toBe(503);
    expect(await miss.json()).toEqual({ error: "database unavailable" });
    const api = await callWorker(`/users?per_page=1`, {}, outage);
    expect(api.response.status).toBe(503);
    expect(await api.response.json()).toEqual({ error: "database unavailable" });

    const recovered = await redirect(url.short_code);
    expect(recovered.status).toBe(302);
  });
});

describe("/health", () => {
  it("ok when everything answers, with latencies", async () => {
    const { response } = await callWorker("/health");
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      checks: Record<string, { status: string; latency_ms: number }>;
    };
    expect(body.status).toBe("ok");
    expect(body.checks.database?.status).toBe("ok");
    expect(body.checks.redis?.status).toBe("ok");
    expect(body.checks.database?.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it("degraded (still 200) when Redis is down, or when Postgres is down but Redis answers", async () => {
    const lane = chaosLane();
    await lane.setMode("down");
    const redisDown = await callWorker("/health", {}, lane.overrides);
    expect(redisDown.response.status).toBe(200);
    expect(((await redisDown.response.json()) as { status: string }).status).toBe("degraded");
    const databaseDown = await callWorker("/health", {}, DEAD_DATABASE);
    expect(databaseDown.response.status).toBe(200);
    expect(((await databaseDown.response.json()) as { status: string }).status).toBe("degraded");
  });

  it("down (503) when neither answers", async () => {
    const lane = chaosLane();
    await lane.setMode("down");
    const { response } = await callWorker("/health", {}, { ...DEAD_DATABASE, ...lane.overrides });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { status: string }).status).toBe("down");
  });
});

describe("queue and Durable Object faults", () => {
  it("a failing click queue leaves the redirect a 302 and is counted, never thrown", async () => {
    const url = await createUrl();
    const failingQueue = { send: () => Promise.reject(new Error("queue unavailable")) };
    const lost = 'linkscope_click_sends_total{result="error"}';
    const before = seriesValue(await scrapePrometheus(), lost, 0);
    for (let i = 0; i < 3; i++) {
      const { response, settled } = await callWorker(`/${url.short_code}`, {}, { CLICKS: failingQueue });
      expect(response.status).toBe(302);
      await settled();
    }
    expect(seriesValue(await scrapePrometheus(), lost, 0) - before).toBeGreaterThanOrEqual(3);
  });

  it("an overloaded metrics Durable Object costs no request: the flush is counted and its counts kept", async () => {
    const overloaded = {
      idFromName: () => ({}),
      get: () => ({
        add: () => Promise.reject(new Error("Durable Object is overloaded")),
        read: () => Promise.reject(new Error("Durable Object is overloaded")),
      }),
    };
    const failedFlushes = 'linkscope_metrics_flushes_total{result="error"}';
    const before = seriesValue(await scrapePrometheus(), failedFlushes, 0);
    for (let i = 0; i < 3; i++) {
      const { response, settled } = await callWorker("/health", {}, { METRICS: overloaded });
      expect(response.status).toBe(200);
      await settled();
    }
    // /prometheus itself needs the shards: with them overloaded it answers 503, in JSON.
    const { response, settled } = await callWorker("/prometheus", {}, { METRICS: overloaded });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: expect.any(String) });
    await settled();
    expect(seriesValue(await scrapePrometheus(), failedFlushes, 0) - before).toBeGreaterThanOrEqual(1);
  });
});
