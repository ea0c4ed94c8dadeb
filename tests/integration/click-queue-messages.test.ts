// The click consumer reads both message shapes, a single click (what producers sent before issue 32,
// still in flight after a deploy) and { clicks: [...] }, into one statement per queue batch: counts
// exact however the messages are mixed or redelivered, unreadable messages acked and counted (never
// retried), and the dead letters counted in clicks.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import type { ClickBreakdowns } from "../../db/schema";
import worker from "../../worker/index";
import { CLICKS_DEAD_LETTER_QUEUE, CLICKS_QUEUE } from "../../worker/jobs/consume-clicks";
import type { ClickMessage } from "../../worker/services/clicks/click";
import {
  createUrl,
  DEAD_DATABASE,
  type EnvOverrides,
  openTestDatabase,
  scrapePrometheus,
  seriesValue,
  type Url,
  unique,
} from "../harness";

const database = openTestDatabase();
afterAll(() => database.close());
afterEach(() => vi.restoreAllMocks());

function clickOf(url: Url, fields: Partial<ClickMessage> = {}): ClickMessage {
  return {
    id: crypto.randomUUID(),
    code: url.short_code,
    url: url.id,
    at: new Date().toISOString(),
    referrerHost: null,
    country: "NL",
    colo: "AMS",
    device: "desktop",
    browser: "firefox",
    os: "linux",
    kind: "human",
    ...fields,
  };
}

interface Delivered {
  id: string;
  body: unknown;
}

/** One queue batch through the worker's queue handler, as the runtime delivers it. */
async function deliver(queue: string, messages: Delivered[], attempts = 1, overrides: EnvOverrides = {}) {
  const batch = createMessageBatch(
    queue,
    messages.map(({ id, body }) => ({ id, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...overrides } as Env, ctx);
  return getQueueResult(batch, ctx);
}

interface Totals {
  rows: number;
  clicks: number;
  human: number;
  bot: number;
  hourly: number;
  daily: number;
}

/** The raw rows and every rollup of a link: all of them must agree. */
async function totals(urlId: number): Promise<Totals> {
  const result = await database.db.execute<Record<keyof Totals, number>>(`
    SELECT (SELECT count(*)::int FROM clicks WHERE url_id = ${urlId}) AS rows,
           coalesce((SELECT sum(clicks) FROM click_totals WHERE url_id = ${urlId}), 0)::int AS clicks,
           coalesce((SELECT sum(human) FROM click_totals WHERE url_id = ${urlId}), 0)::int AS human,
           coalesce((SELECT sum(bot) FROM click_totals WHERE url_id = ${urlId}), 0)::int AS bot,
           coalesce((SELECT sum(clicks) FROM click_rollups_hourly WHERE url_id = ${urlId}), 0)::int AS hourly,
           coalesce((SELECT sum(clicks) FROM click_rollups_daily WHERE url_id = ${urlId}), 0)::int AS daily`);
  const row = result.rows[0] as Record<keyof Totals, number>;
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)])) as unknown as Totals;
}

const exactly = (clicks: number, human: number) => ({
  rows: clicks,
  clicks,
  human,
  bot: clicks - human,
  hourly: clicks,
  daily: clicks,
});

/** The JSON lines a console method printed with this message. */
function printed(spy: { mock: { calls: unknown[][] } }, message: string): Record<string, unknown>[] {
  return spy.mock.calls
    .map(([line]) => (typeof line === "string" && line.startsWith("{") ? JSON.parse(line) : undefined))
    .filter((entry): entry is Record<string, unknown> => entry?.message === message);
}

describe("the click consumer reads single clicks and batches of clicks", () => {
  it("a queue batch mixing both shapes is stored in full, the rollups exact", async () => {
    const url = await createUrl();
    const single = clickOf(url);
    const batched = [clickOf(url), clickOf(url, { kind: "bot", device: "bot" }), clickOf(url)];
    const result = await deliver(CLICKS_QUEUE, [
      { id: "m1", body: single },
      { id: "m2", body: { clicks: batched } },
    ]);
    expect(result.ackAll).toBe(true);
    expect(result.retryMessages).toEqual([]);
    expect(await totals(url.id)).toEqual(exactly(4, 3));
  });

  it("a batch split across a redelivery counts no click twice", async () => {
    const url = await createUrl();
    const m1 = { id: "m1", body: clickOf(url) };
    const m2 = { id: "m2", body: { clicks: [clickOf(url), clickOf(url, { kind: "bot", device: "bot" })] } };
    const m3 = { id: "m3", body: { clicks: [clickOf(url), clickOf(url)] } };
    expect((await deliver(CLICKS_QUEUE, [m1, m2])).ackAll).toBe(true);
    expect(await totals(url.id)).toEqual(exactly(3, 2));
    // m1 comes back (its ack was lost) beside a message the first batch never had.
    expect((await deliver(CLICKS_QUEUE, [m1, m3], 2)).ackAll).toBe(true);
    expect(await totals(url.id)).toEqual(exactly(5, 4));
    // The same click sent twice in one batch (a producer's retry after a lost answer) is one row.
    const twice = clickOf(url);
    await deliver(CLICKS_QUEUE, [
      { id: "m4", body: { clicks: [twice] } },
      { id: "m5", body: { clicks: [twice, clickOf(url)] } },
    ]);
    expect(await totals(url.id)).toEqual(exactly(7, 6));
  });

  it("the consumer's sums (a batch all new) and Postgres's (a batch partly stored) give the same rollups", async () => {
    const [summed, partly] = [await createUrl(), await createUrl()];
    const shapes: Partial<ClickMessage>[] = [
      {},
      { country: null, browser: null, os: null },
      { kind: "bot", device: "bot", referrerHost: "news.example" },
      { rule: 1, variant: 0, source: "qr" },
      { rule: 1, variant: 1, at: new Date(Date.now() - 26 * 3_600_000).toISOString() },
      { variant: 2, kind: "preview", device: "bot" },
    ];
    const clicksOf = (url: Url) => shapes.map((fields) => clickOf(url, fields));
    await deliver(CLICKS_QUEUE, [{ id: "all-new", body: { clicks: clicksOf(summed) } }]);
    // The first click lands alone; then the whole batch comes, five of its six clicks new.
    const partlyClicks = clicksOf(partly);
    await deliver(CLICKS_QUEUE, [{ id: "first", body: partlyClicks[0] }]);
    await deliver(CLICKS_QUEUE, [{ id: "rest", body: { clicks: partlyClicks } }], 2);
    const rollups = async (urlId: number) => {
      const buckets = await database.db.execute(`
        SELECT 'hourly' AS t, bucket, clicks, human, bot, preview, "unique", breakdowns FROM click_rollups_hourly WHERE url_id = ${urlId}
        UNION ALL SELECT 'daily', bucket, clicks, human, bot, preview, "unique", breakdowns FROM click_rollups_daily WHERE url_id = ${urlId}
        ORDER BY 1, 2`);
      // The whole-life totals may be spread over shards: summed, as stats read them.
      const shards = await database.db.execute<{ clicks: number; human: number; breakdowns: ClickBreakdowns }>(
        `SELECT clicks, human, breakdowns FROM click_totals WHERE url_id = ${urlId}`,
      );
      const totals = { clicks: 0, human: 0, breakdowns: {} as ClickBreakdowns };
      for (const shard of shards.rows) {
        totals.clicks += shard.clicks;
        totals.human += shard.human;
        for (const [dimension, values] of Object.entries(shard.breakdowns)) {
          totals.breakdowns[dimension] ??= {};
          const into = totals.breakdowns[dimension];
          for (const [key, clicks] of Object.entries(values)) into[key] = (into[key] ?? 0) + clicks;
        }
      }
      return { buckets: buckets.rows, totals };
    };
    const summedRollups = await rollups(summed.id);
    expect(summedRollups.buckets.length).toBeGreaterThanOrEqual(4);
    expect(summedRollups.totals.clicks).toBe(6);
    expect(await rollups(partly.id)).toEqual(summedRollups);
    expect(await totals(partly.id)).toEqual({ rows: 6, clicks: 6, human: 4, bot: 1, hourly: 6, daily: 6 });
  });

  it("when storing fails every message is retried, and the retried batch then lands exactly", async () => {
    const url = await createUrl();
    const messages = [
      { id: "m1", body: clickOf(url) },
      { id: "m2", body: { clicks: [clickOf(url), clickOf(url)] } },
    ];
    const failed = await deliver(CLICKS_QUEUE, messages, 1, DEAD_DATABASE);
    expect(failed.ackAll).toBe(false);
    expect(failed.retryMessages.map((message) => message.msgId).sort()).toEqual(["m1", "m2"]);
    expect((await deliver(CLICKS_QUEUE, messages, 2)).ackAll).toBe(true);
    expect(await totals(url.id)).toEqual(exactly(3, 3));
  });

  it("an unreadable message is acked and counted, never retried, and costs its batch-mates nothing", async () => {
    const url = await createUrl();
    const errors = vi.spyOn(console, "error");
    const metric = "linkscope_clicks_malformed_total";
    const before = seriesValue(await scrapePrometheus(), metric, 0);
    const ids = { garbage: unique("bad"), nothing: unique("bad"), envelope: unique("bad"), partly: unique("ok") };
    const result = await deliver(CLICKS_QUEUE, [
      { id: "good", body: clickOf(url) },
      { id: ids.garbage, body: { nonsense: true } },
      { id: ids.nothing, body: null },
      { id: ids.envelope, body: { clicks: "not a list" } },
      // One click of a message that cannot be stored (its id is not a UUID) costs only itself.
      { id: ids.partly, body: { clicks: [clickOf(url), { ...clickOf(url), id: "not-a-uuid" }] } },
    ]);
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks.sort()).toEqual([ids.envelope, ids.garbage, ids.nothing].sort());
    expect(result.ackAll).toBe(true);
    expect(await totals(url.id)).toEqual(exactly(2, 2));
    expect(seriesValue(await scrapePrometheus(), metric, 0) - before).toBeGreaterThanOrEqual(4);
    const lines = printed(errors, "clicks_malformed");
    const ours = lines.filter((line) => (line.message_ids as string[]).some((id) => Object.values(ids).includes(id)));
    expect(ours.reduce((sum, line) => sum + Number(line.clicks), 0)).toBe(4);
  });

  it("when storing fails, the unreadable messages are acked and only the readable ones retried", async () => {
    const url = await createUrl();
    const result = await deliver(
      CLICKS_QUEUE,
      [
        { id: "m1", body: clickOf(url) },
        { id: "m2", body: "garbage" },
      ],
      1,
      DEAD_DATABASE,
    );
    expect(result.explicitAcks).toEqual(["m2"]);
    expect(result.retryMessages.map((message) => message.msgId)).toEqual(["m1"]);
  });
});

describe("the dead-letter consumer", () => {
  it("counts clicks, not messages, and logs the first click ids", async () => {
    const url = await createUrl();
    const errors = vi.spyOn(console, "error");
    const metric = "linkscope_click_dead_letters_total";
    const before = seriesValue(await scrapePrometheus(), metric, 0);
    const single = clickOf(url);
    const batched = [clickOf(url), clickOf(url), clickOf(url)];
    const result = await deliver(CLICKS_DEAD_LETTER_QUEUE, [
      { id: "d1", body: single },
      { id: "d2", body: { clicks: batched } },
      { id: "d3", body: null },
    ]);
    expect(result.ackAll).toBe(true);
    expect(seriesValue(await scrapePrometheus(), metric, 0) - before).toBeGreaterThanOrEqual(5);
    const [line] = printed(errors, "clicks_dead_lettered").filter((entry) =>
      (entry.click_ids as string[]).includes(single.id),
    );
    expect(line).toMatchObject({ messages: 3, clicks: 5 });
    expect(line?.click_ids).toEqual([single.id, ...batched.map((click) => click.id)]);
    expect(await totals(url.id)).toEqual(exactly(0, 0));
  });
});
