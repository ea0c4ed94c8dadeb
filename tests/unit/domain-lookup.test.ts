// Pure parts of serving links on custom domains: a request's host read from its URL, a link's key,
// and the isolate tier's refusal of fills that started before a write.
import { describe, expect, it } from "vitest";
import { GuardedIsolateCache } from "../../worker/cache/guarded-isolate-cache";
import { linkKey } from "../../worker/domain/link-key";
import { shortUrlOf } from "../../worker/domain/short-url";
import { hostOf } from "../../worker/services/redirects/resolve-site";

describe("hostOf", () => {
  it("reads the host without port, path, query or trailing dot", () => {
    expect(hostOf("https://go.example.com/abc")).toBe("go.example.com");
    expect(hostOf("http://go.example.com:8787/abc?x=1")).toBe("go.example.com");
    expect(hostOf("https://go.example.com./abc")).toBe("go.example.com");
    expect(hostOf("http://127.0.0.1:8787/")).toBe("127.0.0.1");
    expect(hostOf("http://[::1]:8787/abc")).toBe("[::1]");
    expect(hostOf("http://[::1]/abc")).toBe("[::1]");
    expect(hostOf("https://xn--bcher-kva.example")).toBe("xn--bcher-kva.example");
  });
});

describe("link keys and short URLs", () => {
  it("names a default-domain link by its code, a custom one by domain and code", () => {
    expect(linkKey(null, "abc")).toBe("abc");
    expect(linkKey(12, "abc")).toBe("12/abc");
    // Codes never hold a "/", so a default-domain key never looks like a custom one.
    expect(new Set([linkKey(null, "abc"), linkKey(1, "abc"), linkKey(2, "abc")]).size).toBe(3);
  });

  it("builds the short URL on the link's own domain", () => {
    expect(shortUrlOf("http://localhost:8787", null, "abc")).toBe("http://localhost:8787/abc");
    expect(shortUrlOf("http://localhost:8787", "go.example.com", "abc")).toBe("https://go.example.com/abc");
  });
});

describe("GuardedIsolateCache", () => {
  it("refuses a fill that started before the key was forgotten, and takes one that started after", () => {
    const cache = new GuardedIsolateCache<string>(10);
    const early = cache.startLookup();
    cache.forget("k");
    cache.remember("k", "stale", 60_000, early);
    expect(cache.get("k")).toBeUndefined();
    const late = cache.startLookup();
    cache.remember("k", "fresh", 60_000, late);
    expect(cache.get("k")).toBe("fresh");
  });

  it("a forget of one key leaves other keys' fills alone", () => {
    const cache = new GuardedIsolateCache<string>(10);
    const started = cache.startLookup();
    cache.forget("other");
    cache.remember("k", "value", 60_000, started);
    expect(cache.get("k")).toBe("value");
  });
});
