// Hot links' totals off a single row (ADR 26): a consumer batch writes a capped link's clicks_used at
// once, parks an uncapped link's human clicks in a shard of click_count_deltas, and the cron folds
// them into clicks_used; setting a cap folds the link's pending clicks first; whole-life totals spread
// over shards still read as one.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { CLICKS_QUEUE } from "../../worker/jobs/consume-clicks";
import { foldPendingClickCounts } from "../../worker/jobs/fold-click-counts";
import type { ClickMessage } from "../../worker/services/clicks/click";
import { createUrl, openTestDatabase, sendJson, type Url } from "../harness";

const database = openTestDatabase();
afterAll(() => database.close());

function clicksOf(url: Url, count: number, kind: ClickMessage["kind"] = "human"): ClickMessage[] {
  return Array.from({ length: count }, () => ({
    id: crypto.randomUUID(),
    code: url.short_code,
    url: url.id,
    at: new Date().toISOString(),
    referrerHost: null,
    country: "DE",
    colo: "FRA",
    device: kind === "human" ? "desktop" : "bot",
    kind,
  }));
}

/** Each list of clicks as a queue batch of its own (a batch of its own: its own random shard). */
async function consume(...batches: ClickMessage[][]) {
  for (const clicks of batches) {
    const batch = createMessageBatch(CLICKS_QUEUE, [
      { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { clicks } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).ackAll).toBe(true);
  }
}

async function counts(urlId: number): Promise<Record<"used" | "pending" | "shards" | "total", number>> {
  const result = await database.db.execute<{ used: number; pending: number; shards: number; total: number }>(`
    SELECT (SELECT clicks_used FROM urls WHERE id = ${urlId}) AS used,
           coalesce((SELECT sum(human) FROM click_count_deltas WHERE url_id = ${urlId}), 0)::int AS pending,
           (SELECT count(*)::int FROM click_totals WHERE url_id = ${urlId}) AS shards,
           coalesce((SELECT sum(clicks) FROM click_totals WHERE url_id = ${urlId}), 0)::int AS total`);
  const row = result.rows[0] as Record<string, unknown>;
  return { used: Number(row.used), pending: Number(row.pending), shards: Number(row.shards), total: Number(row.total) };
}

describe("clicks_used and the whole-life totals", () => {
  it("an uncapped link's human clicks wait in their shards until the cron folds them into clicks_used", async () => {
    const url = await createUrl();
    // Twelve batches: with eight shards, the totals land in more than one (a chance of 1 in 8^11 not to).
    await consume(...Array.from({ length: 12 }, () => [...clicksOf(url, 2), ...clicksOf(url, 1, "bot")]));
    const before = await counts(url.id);
    // Another test file's cron may fold them meanwhile: between the two, every human click, once.
    expect(before.used + before.pending).toBe(24);
    expect(before).toMatchObject({ total: 36 });
    expect(before.shards).toBeGreaterThan(1);
    const stats = await sendJson<{ total: number; human: number }>("GET", `/urls/${url.id}/stats`, undefined);
    expect(stats.body).toMatchObject({ total: 36, human: 24 });

    await foldPendingClickCounts(env);
    expect(await counts(url.id)).toMatchObject({ used: 24, pending: 0, total: 36 });
    await foldPendingClickCounts(env); // nothing left: nothing added twice
    expect(await counts(url.id)).toMatchObject({ used: 24, pending: 0 });
  });

  it("a capped link's clicks_used is written by the batch itself", async () => {
    const url = await createUrl({ max_clicks: 100 });
    await consume(clicksOf(url, 3), clicksOf(url, 2, "bot"));
    expect(await counts(url.id)).toMatchObject({ used: 3, pending: 0 });
    const read = await sendJson<{ clicks_remaining: number }>("GET", `/urls/${url.id}`, undefined);
    expect(read.body.clicks_remaining).toBe(97);
  });

  it("setting a cap counts the clicks still pending: the cap starts from every click before it", async () => {
    const url = await createUrl();
    await consume(clicksOf(url, 4), clicksOf(url, 3));
    const before = await counts(url.id);
    expect(before.used + before.pending).toBe(7);
    const capped = await sendJson<{ clicks_remaining: number }>("PATCH", `/urls/${url.id}`, { max_clicks: 10 });
    expect(capped.status).toBe(200);
    expect(capped.body.clicks_remaining).toBe(3);
    expect(await counts(url.id)).toMatchObject({ used: 7, pending: 0 });
    await consume(clicksOf(url, 1));
    expect(await counts(url.id)).toMatchObject({ used: 8, pending: 0 });
  });
});
