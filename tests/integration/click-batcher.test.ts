// Redirects send their clicks in batches: each isolate gathers them into messages of up to 100
// (click-batcher.ts), every request staying alive until the message carrying its click was sent,
// with the old send policy (three attempts) counted per click. A stand-in queue records what the
// worker sends; each stand-in has its own batcher, so no other test's clicks mix in.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClickMessage } from "../../worker/services/clicks/click";
import { CLICKS_PER_MESSAGE } from "../../worker/services/clicks/click-messages";
import { callWorker, createUrl, scrapePrometheus, seriesValue, unique } from "../harness";

afterEach(() => vi.restoreAllMocks());

interface Sent {
  clicks: ClickMessage[];
}

/** A queue that records each message, refusing the first `refusals` sends (Infinity: all of them). */
function recordingQueue(refusals = 0) {
  const messages: Sent[] = [];
  let attempts = 0;
  const queue = {
    async send(body: Sent, options?: { contentType?: string }) {
      attempts += 1;
      if (attempts <= refusals) throw new Error("queue unavailable");
      expect(options?.contentType).toBe("json");
      messages.push(JSON.parse(JSON.stringify(body)) as Sent);
    },
  };
  return {
    overrides: { CLICKS: queue },
    messages,
    clicks: () => messages.flatMap((message) => message.clicks),
    attempts: () => attempts,
  };
}

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

async function redirect(code: string, overrides: object, requestId = unique("req")) {
  const { response, settled } = await callWorker(
    `/${code}`,
    { headers: { "User-Agent": BROWSER, "X-Request-Id": requestId } },
    overrides,
  );
  expect(response.status).toBe(302);
  return settled;
}

function printed(spy: { mock: { calls: unknown[][] } }, message: string): Record<string, unknown>[] {
  return spy.mock.calls
    .map(([line]) => (typeof line === "string" && line.startsWith("{") ? JSON.parse(line) : undefined))
    .filter((entry): entry is Record<string, unknown> => entry?.message === message);
}

describe("clicks are sent in batches", () => {
  it("one redirect: once its request has settled, the queue has one message carrying its click", async () => {
    const url = await createUrl();
    const queue = recordingQueue();
    const settled = await redirect(url.short_code, queue.overrides);
    await settled();
    expect(queue.messages).toHaveLength(1);
    const [click] = queue.clicks();
    expect(queue.clicks()).toHaveLength(1);
    expect(click).toMatchObject({ url: url.id, code: url.short_code, kind: "human", browser: "chrome" });
    // The visitor hash joins the click before the click joins the message.
    expect(click?.visitor).toMatch(/^[0-9a-f]{32}$/);
  });

  it("200 concurrent redirects: a handful of messages, every click in exactly one", async () => {
    const url = await createUrl();
    const queue = recordingQueue();
    await (await redirect(url.short_code, queue.overrides))(); // the link now answers from the isolate
    const batchesBefore = seriesValue(await scrapePrometheus(), "linkscope_click_messages_sent_total", 0);
    const requests = await Promise.all(Array.from({ length: 200 }, () => redirect(url.short_code, queue.overrides)));
    await Promise.all(requests.map((settled) => settled()));
    const later = queue.messages.slice(1);
    expect(later.length).toBeGreaterThanOrEqual(2);
    expect(later.length).toBeLessThanOrEqual(5);
    for (const message of later) expect(message.clicks.length).toBeLessThanOrEqual(CLICKS_PER_MESSAGE);
    const ids = later.flatMap((message) => message.clicks.map((click) => click.id));
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    expect(later.every((message) => message.clicks.every((click) => click.url === url.id))).toBe(true);
    const text = await scrapePrometheus();
    expect(seriesValue(text, "linkscope_click_messages_sent_total", 0) - batchesBefore).toBeGreaterThanOrEqual(
      later.length,
    );
    expect(seriesValue(text, 'linkscope_click_batch_size_bucket{le="100"}', 0)).toBeGreaterThanOrEqual(later.length);
  });

  it("a queue that refuses twice and then accepts: the clicks arrive, counted as retried", async () => {
    const url = await createUrl();
    await (await redirect(url.short_code, {}))(); // through the real queue; the link is now in the isolate
    const queue = recordingQueue(2);
    const retried = 'linkscope_click_sends_total{result="retried"}';
    const before = seriesValue(await scrapePrometheus(), retried, 0);
    const settles = await Promise.all([1, 2, 3].map(() => redirect(url.short_code, queue.overrides)));
    await Promise.all(settles.map((settled) => settled()));
    expect(queue.clicks()).toHaveLength(3);
    // Refused twice, then accepted: the third attempt carried the message (and any later one went at once).
    expect(queue.attempts()).toBe(2 + queue.messages.length);
    expect(seriesValue(await scrapePrometheus(), retried, 0) - before).toBeGreaterThanOrEqual(3);
  });

  it("a queue that always refuses: every redirect is still a 302, every click counted lost and logged", async () => {
    const url = await createUrl();
    const queue = recordingQueue(Number.POSITIVE_INFINITY);
    const errors = vi.spyOn(console, "error");
    const lost = 'linkscope_click_sends_total{result="error"}';
    const before = seriesValue(await scrapePrometheus(), lost, 0);
    const requestIds = Array.from({ length: 12 }, () => unique("lost"));
    const settles = await Promise.all(requestIds.map((id) => redirect(url.short_code, queue.overrides, id)));
    await Promise.all(settles.map((settled) => settled()));
    expect(queue.messages).toHaveLength(0);
    expect(seriesValue(await scrapePrometheus(), lost, 0) - before).toBeGreaterThanOrEqual(12);
    const lines = printed(errors, "click_send_failed").filter((line) =>
      (line.request_ids as string[]).some((id) => requestIds.includes(id)),
    );
    // Each message tried three times, then logged once with its clicks' ids and requests.
    expect(queue.attempts()).toBe(3 * lines.length);
    expect(lines.reduce((sum, line) => sum + Number(line.clicks), 0)).toBe(12);
    expect(lines.flatMap((line) => line.request_ids as string[]).sort()).toEqual([...requestIds].sort());
    expect(lines.flatMap((line) => line.click_ids as string[])).toHaveLength(12);
    for (const line of lines) expect(line).toMatchObject({ attempts: 3, request_id: expect.any(String) });
  });
});
