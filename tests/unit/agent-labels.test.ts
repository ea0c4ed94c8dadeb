// The browser and operating system labels a click is counted under (worker/domain/agent-labels.ts),
// on real User-Agent strings: the tokens browsers borrow from each other decide nothing by themselves.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agentLabels, CLICK_BROWSERS, CLICK_OPERATING_SYSTEMS } from "../../worker/domain/agent-labels";

const CHROME_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";

describe("agentLabels", () => {
  it.each([
    ["desktop Chrome on Windows", CHROME_WINDOWS, "chrome", "windows"],
    [
      "Chrome on macOS",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      "chrome",
      "macos",
    ],
    // Edge and Opera also say Chrome and Safari.
    ["Edge on Windows", `${CHROME_WINDOWS} Edg/131.0.0.0`, "edge", "windows"],
    ["Opera on Windows", `${CHROME_WINDOWS} OPR/115.0.0.0`, "opera", "windows"],
    [
      "Firefox on Linux",
      "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
      "firefox",
      "linux",
    ],
    [
      "Firefox on macOS",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0",
      "firefox",
      "macos",
    ],
    ["Safari on macOS", SAFARI_MAC, "safari", "macos"],
    // iPadOS 13 and later asks for desktop sites with the Mac's User-Agent: only script (touch points)
    // could tell, so by its User-Agent it is Safari on macOS.
    ["Safari on an iPad (iPadOS 13+)", SAFARI_MAC, "safari", "macos"],
    [
      "Safari on an older iPad",
      "Mozilla/5.0 (iPad; CPU OS 12_5_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1",
      "safari",
      "ios",
    ],
    [
      "Safari on an iPhone",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
      "safari",
      "ios",
    ],
    // Safari's engine underneath, but the person chose Chrome or Firefox.
    [
      "Chrome on an iPhone (CriOS)",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
      "chrome",
      "ios",
    ],
    [
      "Firefox on an iPhone (FxiOS)",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15",
      "firefox",
      "ios",
    ],
    [
      "Chrome on Android",
      "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
      "chrome",
      "android",
    ],
    [
      "Samsung Internet",
      "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
      "samsung",
      "android",
    ],
    [
      "Edge on Android",
      "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0",
      "edge",
      "android",
    ],
    [
      "Chrome on ChromeOS",
      "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      "chrome",
      "chromeos",
    ],
    // Bots and tools are labelled like anyone (their click class says what they are).
    ["Googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "other", "other"],
    [
      "Googlebot smartphone",
      "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "chrome",
      "android",
    ],
    ["curl", "curl/8.5.0", "other", "other"],
    ["an empty User-Agent", "", "other", "other"],
    ["no User-Agent", null, "other", "other"],
  ])("%s: %s / %s", (_name, agent, browser, os) => {
    expect(agentLabels(agent)).toEqual({ browser, os });
  });

  it("answers only its bounded labels, whatever the User-Agent says", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (agent) => {
        const labels = agentLabels(agent);
        expect(CLICK_BROWSERS).toContain(labels.browser);
        expect(CLICK_OPERATING_SYSTEMS).toContain(labels.os);
      }),
    );
  });
});
