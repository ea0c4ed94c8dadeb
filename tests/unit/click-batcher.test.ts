// The click batcher's own rules, with a stand-in send: a message per 100 clicks, per ~100 KB or per
// 50 ms; the click that opens a message, and the one that fills it, get a promise that settles once
// it has gone (a failed send included); a click that only joins a message gets none.
import { describe, expect, it } from "vitest";
import type { ClickMessage } from "../../worker/services/clicks/click";
import {
  ClickBatcher,
  clickBytesAtMost,
  FLUSH_AFTER_MS,
  type PendingClick,
} from "../../worker/services/clicks/click-batcher";

function click(index: number, referrerHost: string | null = null): ClickMessage {
  return {
    id: crypto.randomUUID(),
    code: `c${index}`,
    url: 1,
    at: new Date().toISOString(),
    referrerHost,
    country: null,
    colo: null,
    device: "desktop",
    kind: "bot",
  };
}

function recorder(limits = { clicks: 100, bytes: 100_000, waitMs: FLUSH_AFTER_MS }) {
  const sent: PendingClick[][] = [];
  const batcher = new ClickBatcher(async (clicks) => {
    sent.push(clicks);
  }, limits);
  return { batcher, sent };
}

describe("ClickBatcher", () => {
  it("waits for more clicks, then sends what it has once the first click is 50 ms old", async () => {
    const { batcher, sent } = recorder();
    const started = Date.now();
    const settled = [batcher.add(click(1), "r1"), batcher.add(click(2), "r2")];
    // The first click's request owns the message; the second's only joined it.
    expect(settled[0]).toBeInstanceOf(Promise);
    expect(settled[1]).toBeUndefined();
    expect(sent).toHaveLength(0);
    expect(batcher.waiting).toBe(2);
    await Promise.all(settled);
    expect(Date.now() - started).toBeGreaterThanOrEqual(FLUSH_AFTER_MS - 5);
    expect(sent.map((message) => message.map((entry) => entry.requestId))).toEqual([["r1", "r2"]]);
    expect(batcher.waiting).toBe(0);
  });

  it("sends at once when a message is full, and starts the next", async () => {
    const { batcher, sent } = recorder({ clicks: 3, bytes: 100_000, waitMs: 50 });
    const first = [1, 2, 3].map((index) => batcher.add(click(index), `r${index}`));
    expect(sent).toHaveLength(1);
    // The filling click's request sent it; the owner's wait ends at the deadline, sending nothing more.
    expect(first[2]).toBeInstanceOf(Promise);
    await Promise.all(first);
    const next = [4, 5].map((index) => batcher.add(click(index), `r${index}`));
    expect(batcher.waiting).toBe(2);
    expect(sent).toHaveLength(1);
    next.push(batcher.add(click(6), "r6"));
    await Promise.all(next);
    expect(sent.map((message) => message.length)).toEqual([3, 3]);
  });

  it("sends what it has before a click that would take the message past its byte limit", async () => {
    const long = "a".repeat(200);
    const { batcher, sent } = recorder({ clicks: 100, bytes: 2_000, waitMs: 50 });
    const settled = [1, 2, 3].map((index) => batcher.add(click(index, long), `r${index}`));
    // Each click counts about 800 bytes (its JSON is about 400): two fit, the third starts a message of its own.
    expect(sent.map((message) => message.length)).toEqual([2]);
    await Promise.all(settled.slice(0, 2));
    expect(batcher.waiting).toBe(1);
    const bytes = new TextEncoder().encode(JSON.stringify({ clicks: sent[0]?.map((entry) => entry.click) })).length;
    expect(bytes).toBeLessThanOrEqual(2_000);
  });

  it("settles every click's promise even when the send fails", async () => {
    let sends = 0;
    const batcher = new ClickBatcher(
      () => {
        sends += 1;
        return Promise.reject(new Error("down"));
      },
      { clicks: 2, bytes: 100_000, waitMs: 10 },
    );
    await Promise.all([1, 2, 3].map((index) => batcher.add(click(index), "r")));
    expect(sends).toBe(2);
  });

  it("counts at least a click's JSON bytes without writing it, for the largest click a redirect makes", () => {
    const largest: ClickMessage = {
      id: crypto.randomUUID(),
      code: "c".repeat(64),
      url: 2_147_483_647,
      at: new Date().toISOString(),
      referrerHost: `${'"'.repeat(55)}${"h".repeat(200)}`,
      country: "XXXXXXXX",
      colo: "XXXXXXXX",
      device: "unknown",
      browser: "samsung",
      os: "chromeos",
      kind: "prefetch",
      rule: 32_767,
      variant: 32_767,
      source: "qr",
      visitor: "f".repeat(32),
    };
    const written = new TextEncoder().encode(`${JSON.stringify(largest)},`).length;
    expect(clickBytesAtMost(largest)).toBeGreaterThanOrEqual(written);
    expect(clickBytesAtMost(click(1))).toBeGreaterThanOrEqual(
      new TextEncoder().encode(JSON.stringify(click(1))).length,
    );
    // A hundred of the largest fit a queue message (128 KB) with its envelope.
    expect(100 * clickBytesAtMost(largest) + 12).toBeLessThan(128 * 1024);
  });
});
