import { describe, expect, it } from "vitest";
import { IsolateCache } from "../../worker/cache/isolate-cache";

describe("IsolateCache", () => {
  it("expires entries after their TTL", () => {
    const cache = new IsolateCache<string>(10);
    cache.set("a", "x", 100, 0);
    expect(cache.get("a", 99)).toBe("x");
    expect(cache.get("a", 100)).toBeUndefined();
  });

  it("evicts the least recently used entry beyond its size", () => {
    const cache = new IsolateCache<number>(2);
    cache.set("a", 1, 1_000, 0);
    cache.set("b", 2, 1_000, 0);
    cache.get("a", 1);
    cache.set("c", 3, 1_000, 2);
    expect(cache.get("b", 3)).toBeUndefined();
    expect(cache.get("a", 3)).toBe(1);
    expect(cache.size).toBe(2);
  });

  it("keeps null (a known-unknown code) apart from a miss, and ignores TTL 0", () => {
    const cache = new IsolateCache<string | null>(10);
    cache.set("gone", null, 100, 0);
    expect(cache.get("gone", 1)).toBeNull();
    cache.set("never", "x", 0, 0);
    expect(cache.get("never", 0)).toBeUndefined();
  });
});
