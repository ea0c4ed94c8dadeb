import { describe, expect, it } from "vitest";
import { retryDelaySeconds } from "../../worker/jobs/consume-clicks";
import { buildClick, clickClass, deviceClass, isPrefetch } from "../../worker/services/clicks/click";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
const IPAD = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15";
const DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36";

describe("click classes", () => {
  it.each([
    [IPHONE, "mobile"],
    [IPAD, "tablet"],
    [DESKTOP, "desktop"],
    ["Slackbot-LinkExpanding 1.0", "bot"],
    ["curl/8.5.0", "unknown"],
    [null, "unknown"],
  ])("device of %j is %s", (agent, expected) => expect(deviceClass(agent)).toBe(expected));

  it("tells people from bots, previews and HEAD requests", () => {
    expect(clickClass("GET", DESKTOP)).toBe("human");
    expect(clickClass("HEAD", DESKTOP)).toBe("head");
    expect(clickClass("GET", "Googlebot/2.1")).toBe("bot");
    expect(clickClass("GET", "curl/8.5.0")).toBe("bot");
    expect(clickClass("GET", "facebookexternalhit/1.1")).toBe("preview");
    expect(clickClass("GET", DESKTOP, undefined, true)).toBe("prefetch");
    expect(clickClass("HEAD", DESKTOP, undefined, true)).toBe("head");
  });

  it("keeps the referrer host only, and a fresh id per click", () => {
    const request = new Request("https://lnk.example/abc", {
      headers: { Referer: "https://news.example.com/story?id=secret-token", "User-Agent": DESKTOP },
    });
    const first = buildClick(request, { id: 1, code: "abc" }, 0);
    expect(first).toMatchObject({ code: "abc", referrerHost: "news.example.com", device: "desktop", kind: "human" });
    expect(JSON.stringify(first)).not.toContain("secret-token");
    expect(buildClick(request, { id: 1, code: "abc" }, 0).id).not.toBe(first.id);
  });

  it("carries the browser and operating system as labels; none under Global Privacy Control", () => {
    const click = (headers: Record<string, string>) =>
      buildClick(new Request("https://lnk.example/abc", { headers }), { id: 1, code: "abc" }, 0);
    expect(click({ "User-Agent": IPHONE })).toMatchObject({ browser: "other", os: "ios", device: "mobile" });
    expect(click({ "User-Agent": DESKTOP })).toMatchObject({ browser: "chrome", os: "linux" });
    // Bots are labelled like anyone; no User-Agent at all is other.
    expect(click({ "User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)" })).toMatchObject({
      browser: "other",
      os: "other",
      kind: "bot",
    });
    expect(click({})).toMatchObject({ browser: "other", os: "other" });
    expect(click({ "User-Agent": DESKTOP, "Sec-GPC": "1" })).toMatchObject({
      browser: null,
      os: null,
      device: "unknown",
    });
    expect(JSON.stringify(click({ "User-Agent": DESKTOP }))).not.toContain("Chrome/131");
  });

  it("retries failed batches with growing delays, capped at five minutes", () => {
    expect([0, 1, 2, 3, 8, 9, 20].map(retryDelaySeconds)).toEqual([1, 2, 4, 8, 256, 300, 300]);
  });
});

describe("isPrefetch", () => {
  it("recognises the speculative-load headers of Chromium, Safari and Firefox", () => {
    expect(isPrefetch(new Headers({ "Sec-Purpose": "prefetch" }))).toBe(true);
    expect(isPrefetch(new Headers({ "Sec-Purpose": "prefetch;prerender" }))).toBe(true);
    expect(isPrefetch(new Headers({ Purpose: "prefetch" }))).toBe(true);
    expect(isPrefetch(new Headers({ "X-Moz": "prefetch" }))).toBe(true);
    expect(isPrefetch(new Headers({ "User-Agent": "Mozilla/5.0" }))).toBe(false);
  });
});
