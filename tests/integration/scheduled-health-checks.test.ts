// Scheduled destination checks: due links are leased (never enqueued twice while they wait), and the
// queue's consumer sends at most one request per destination host per 10 s, postponing the rest.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { HEALTH_CHECKS_QUEUE, type HealthCheckMessage } from "../../worker/jobs/scheduled-health-checks";
import { LEASE_MS, leaseDueLinks } from "../../worker/services/link-health/due-links";
import { HOST_INTERVAL_MS } from "../../worker/services/link-health/host-turns";
import { callApi, ALLOW_PRIVATE as LOCAL, openTestDatabase, TEST_DESTINATIONS_URL as SERVER, unique } from "../harness";

const OTHER_HOST = SERVER.replace("127.0.0.1", "localhost");
const database = openTestDatabase();
afterAll(() => database.close());

async function link(destination: string) {
  const created = await callApi("POST", "/urls", { body: { original_url: destination }, overrides: LOCAL });
  expect(created.status).toBe(201);
  return created.body as { id: number; original_url: string };
}

async function requestsTo(prefix: string) {
  const response = await fetch(`${SERVER}/__requests?prefix=${encodeURIComponent(prefix)}`);
  return (await response.json()) as { path: string; userAgent: string }[];
}

describe("scheduled destination checks", () => {
  it("due links are leased: a second run does not take them again until the lease ends", async () => {
    const url = await link(`${SERVER}/${unique("lease")}/ok`);
    const now = Date.now();
    // Every due link of the test database is leased; this one was never checked, so it is due.
    const first = await leaseDueLinks(database.db, now, 100_000);
    expect(first.map((due) => due.id)).toContain(url.id);
    const second = await leaseDueLinks(database.db, now, 100_000);
    expect(second.map((due) => due.id)).not.toContain(url.id);
    const third = await leaseDueLinks(database.db, now + LEASE_MS + 1_000, 100_000);
    expect(third.map((due) => due.id)).toContain(url.id);
  });

  it("one request per host per 10 s: the consumer checks the first link of a host and postpones the others", async () => {
    const prefix = `/${unique("turns")}`;
    const sameHost = [
      await link(`${SERVER}${prefix}/a/ok`),
      await link(`${SERVER}${prefix}/b/missing`),
      await link(`${SERVER}${prefix}/c/ok`),
    ];
    const otherHost = await link(`${OTHER_HOST}${prefix}/d/ok`);
    const messages = [...sameHost, otherHost].map((url, index) => ({
      id: `m${index}`,
      timestamp: Date.now(),
      attempts: 1,
      body: { urlId: url.id, destination: url.original_url } satisfies HealthCheckMessage,
    }));
    const batch = createMessageBatch<HealthCheckMessage>(HEALTH_CHECKS_QUEUE, messages);
    const ctx = createExecutionContext();
    const startedAt = Date.now();
    await worker.queue(batch, { ...env, ...LOCAL } as Env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1", "m2", "m3"]);
    expect(result.retryMessages).toEqual([]);

    const seen = (await requestsTo(prefix)).map((request) => request.path);
    expect(seen).toEqual([`${prefix}/a/ok`, `${prefix}/d/ok`]);
    expect((await requestsTo(prefix))[0]?.userAgent).toMatch(/^LinkscopeHealthCheck\/1\.0 \(\+http/);

    const rows = await database.db.execute<{ id: number; health_state: string; health_next_check_at: string }>(
      `SELECT id, health_state, health_next_check_at FROM urls WHERE id IN (${[...sameHost, otherHost].map((url) => url.id).join(",")}) ORDER BY id`,
    );
    const [a, b, c, d] = rows.rows;
    expect(a?.health_state).toBe("healthy");
    expect(d?.health_state).toBe("healthy");
    for (const postponed of [b, c]) {
      expect(postponed?.health_state).toBe("unknown");
      const due = Date.parse(postponed?.health_next_check_at as string);
      expect(due).toBeGreaterThanOrEqual(startedAt + HOST_INTERVAL_MS);
      expect(due).toBeLessThan(Date.now() + HOST_INTERVAL_MS + 61_000);
    }
    // The link's response shows the scheduled check.
    expect((await callApi("GET", `/urls/${a?.id}`)).body.health).toMatchObject({ state: "healthy", status: 206 });
  });

  it("a link pointed elsewhere or deactivated since it was enqueued is not checked", async () => {
    const prefix = `/${unique("stale")}`;
    const url = await link(`${SERVER}${prefix}/ok`);
    await callApi("DELETE", `/urls/${url.id}`);
    const batch = createMessageBatch<HealthCheckMessage>(HEALTH_CHECKS_QUEUE, [
      { id: "s0", timestamp: Date.now(), attempts: 1, body: { urlId: url.id, destination: url.original_url } },
    ]);
    const ctx = createExecutionContext();
    // Another host's turn: the localhost one may still be taken by the test before.
    await worker.queue(batch, { ...env, ...LOCAL } as Env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["s0"]);
    expect(await requestsTo(prefix)).toEqual([]);
  });
});
