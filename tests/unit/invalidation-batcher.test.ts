import { describe, expect, it } from "vitest";
import { type Invalidation, InvalidationBatcher, mergeInvalidations } from "../../worker/cache/invalidation-batcher";

const change = (keys: string[], hashes: string[] = [], plainDeletes: string[] = []): Invalidation => ({
  keys,
  hashes,
  plainDeletes,
});

/** A send that holds each round trip until the test lets it go. */
function heldSend() {
  const sent: Invalidation[] = [];
  const releases: ((ok: boolean) => void)[] = [];
  const send = (batch: Invalidation) => {
    sent.push(batch);
    return new Promise<boolean>((resolve) => releases.push(resolve));
  };
  const release = (index: number, ok = true) => releases[index]?.(ok);
  return { sent, send, release };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("InvalidationBatcher", () => {
  it("sends an idle write's invalidation at once, on its own", async () => {
    const { sent, send, release } = heldSend();
    const batcher = new InvalidationBatcher(send);
    const done = batcher.submit(change(["url:1"]));
    expect(sent).toEqual([change(["url:1"])]);
    release(0);
    expect(await done).toBe(true);
    expect(batcher.sending).toBe(false);
  });

  it("sends the writes that finish during a round trip together, after it", async () => {
    const { sent, send, release } = heldSend();
    const batcher = new InvalidationBatcher(send);
    const first = batcher.submit(change(["url:1"], ["urls:lists"]));
    const second = batcher.submit(change(["url:2"], ["urls:lists"]));
    const third = batcher.submit(change([], ["urls:lists"], ["link:new"]));
    await settle();
    expect(sent).toHaveLength(1); // the later two wait for the first round trip
    release(0);
    await settle();
    expect(sent).toEqual([
      change(["url:1"], ["urls:lists"]),
      change(["url:2"], ["urls:lists"], ["link:new"]), // one round trip, each name once
    ]);
    expect(await first).toBe(true);
    let secondDone = false;
    void second.then(() => {
      secondDone = true;
    });
    await settle();
    expect(secondDone).toBe(false); // not answered before its own round trip has landed
    release(1);
    expect(await second).toBe(true);
    expect(await third).toBe(true);
  });

  it("reports a failed round trip to every write in it, and the next write tries again", async () => {
    const { sent, send, release } = heldSend();
    const batcher = new InvalidationBatcher(send);
    const first = batcher.submit(change(["url:1"]));
    const second = batcher.submit(change(["url:2"]));
    release(0);
    await settle();
    release(1, false);
    expect(await first).toBe(true);
    expect(await second).toBe(false);
    const third = batcher.submit(change(["url:3"]));
    expect(sent).toHaveLength(3);
    release(2);
    expect(await third).toBe(true);
  });

  it("treats a send that throws as a failure, not a rejection", async () => {
    const batcher = new InvalidationBatcher(() => Promise.reject(new Error("boom")));
    expect(await batcher.submit(change(["url:1"]))).toBe(false);
    expect(batcher.sending).toBe(false);
  });

  it("hands the round trip to the sending request's keepAlive", async () => {
    const { send, release } = heldSend();
    const batcher = new InvalidationBatcher(send);
    const kept: Promise<unknown>[] = [];
    const done = batcher.submit(change(["url:1"]), (work) => kept.push(work));
    expect(kept).toHaveLength(1);
    release(0);
    await done;
    await expect(kept[0]).resolves.toBe(true);
  });
});

describe("mergeInvalidations", () => {
  it("never merely deletes a key another write tombstones", () => {
    expect(mergeInvalidations([change([], [], ["link:a", "link:b"]), change(["link:a"])])).toEqual(
      change(["link:a"], [], ["link:b"]),
    );
  });
});
