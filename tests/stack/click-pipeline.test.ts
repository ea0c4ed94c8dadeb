// The click pipeline under a Postgres outage, on the worker under wrangler dev (real queue,
// real Postgres through the Neon proxy, real Redis): redirects keep being served from the caches
// while the database is gone, their clicks wait in the queue (retried with backoff), and once it
// is back the stored clicks equal the redirects served, exactly, concurrent redirects (whose clicks
// share messages) included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseEndpoints, startDatabaseEndpoints } from "../../scripts/lib/database-endpoints.ts";
import { type DevWorker, startDevWorker } from "../../scripts/lib/stack/dev-worker.ts";
import { waitFor } from "../../scripts/lib/stack/wait.ts";
import { workerVars } from "./stack-env.ts";

let databaseProxy: DatabaseEndpoints;
let worker: DevWorker;

beforeAll(async () => {
  const database = new URL(process.env.LINKSCOPE_TEST_DATABASE_URL ?? "");
  databaseProxy = await startDatabaseEndpoints(database.toString());
  worker = await startDevWorker(workerVars({ ...databaseProxy.vars }));
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await databaseProxy?.close();
});

async function totalClicks(urlId: number): Promise<number | undefined> {
  const response = await fetch(`${worker.url}/urls/${urlId}/stats`);
  if (!response.ok) return undefined;
  return ((await response.json()) as { total: number }).total;
}

describe("clicks through a Postgres outage", () => {
  it("stores exactly one click per redirect served, none lost, none twice", { timeout: 180_000 }, async () => {
    const created = await fetch(`${worker.url}/urls`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ original_url: "https://example.com/outage" }),
    });
    const { id, short_code: code } = (await created.json()) as { id: number; short_code: string };
    let served = 0;
    const redirect = async () => {
      const response = await fetch(`${worker.url}/${code}`, { redirect: "manual" });
      await response.arrayBuffer();
      if (response.status === 302) served += 1;
      return response.status;
    };
    for (let i = 0; i < 10; i++) expect(await redirect()).toBe(302);

    databaseProxy.setReachable(false);
    const outageEnds = Date.now() + 8_000;
    while (Date.now() < outageEnds) {
      expect(await redirect()).toBe(302); // served from isolate memory or Redis
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await totalClicks(id)).toBeUndefined(); // the stats need the database: 503
    databaseProxy.setReachable(true);
    for (let i = 0; i < 10; i++) expect(await redirect()).toBe(302);
    // Concurrent redirects share their isolate's click messages (ADR 24): each request's click is sent
    // by whichever request's timer fires or whose click fills the message, in real workerd contexts.
    for (let round = 0; round < 3; round++) {
      const statuses = await Promise.all(Array.from({ length: 25 }, redirect));
      expect(statuses.every((status) => status === 302)).toBe(true);
    }

    let lastTotal: number | undefined;
    const stored = await waitFor(
      `${served} stored clicks`,
      async () => {
        lastTotal = await totalClicks(id);
        return lastTotal === served ? lastTotal : undefined;
      },
      120_000,
    ).catch((error: unknown) => {
      // Say how far it got, and what the worker printed about the queue, for the next reader.
      const queueLines = worker
        .output()
        .split("\n")
        .filter((line) => /click|queue|batch/i.test(line));
      throw new Error(`${String(error)}: last total ${lastTotal}; worker said:\n${queueLines.slice(-30).join("\n")}`);
    });
    expect(stored).toBe(served);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // a late redelivery would show now
    expect(await totalClicks(id)).toBe(served);
    expect(served).toBeGreaterThan(40);
    // No request waited on a promise whose request was gone, and none was cancelled as hung.
    expect(worker.output()).not.toMatch(/different request context|would never generate a response/);
    // Every click served went to the queue, in fewer messages than clicks (the bursts shared theirs).
    const exposition = await (await fetch(`${worker.url}/prometheus`)).text();
    const series = (name: string) => Number(exposition.match(new RegExp(`^${name} (\\S+)$`, "m"))?.[1] ?? 0);
    const sent =
      series('linkscope_click_sends_total\\{result="ok"\\}') +
      series('linkscope_click_sends_total\\{result="retried"\\}');
    expect(sent).toBe(served);
    const messages = series("linkscope_click_messages_sent_total");
    console.info(`click pipeline: ${served} clicks served and stored, sent in ${messages} queue messages`);
    expect(messages).toBeLessThan(served);
  });
});
