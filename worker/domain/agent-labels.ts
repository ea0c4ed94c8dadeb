// The browser and operating system a click is counted under: bounded labels, never the User-Agent
// itself, from the parse the targeting rules already use (user-agent-traits.ts, memoised per distinct
// string), with "other" for what it does not name and ChromeOS told apart from Linux (for a rule,
// `os: linux` still holds on a Chromebook). The User-Agent alone decides: an iPad on iPadOS 13 or
// later says "Macintosh" and is macos here; Chrome and Firefox on iOS (CriOS, FxiOS) run Safari's
// engine but are chrome and firefox.
import { traitsOf } from "./user-agent-traits.ts";

export const CLICK_BROWSERS = ["chrome", "safari", "firefox", "edge", "samsung", "opera", "other"] as const;
export type ClickBrowser = (typeof CLICK_BROWSERS)[number];
export const CLICK_OPERATING_SYSTEMS = ["ios", "android", "windows", "macos", "linux", "chromeos", "other"] as const;
export type ClickOperatingSystem = (typeof CLICK_OPERATING_SYSTEMS)[number];

export interface AgentLabels {
  browser: ClickBrowser;
  os: ClickOperatingSystem;
}

// ChromeOS says "X11; CrOS x86_64 ...", which the rules' parse counts as Linux.
const CHROME_OS = /\bcros\b/i;
const UNNAMED: AgentLabels = Object.freeze({ browser: "other", os: "other" });

/** A User-Agent's browser and operating system labels; no User-Agent at all is other and other. */
export function agentLabels(userAgent: string | null): AgentLabels {
  if (!userAgent) return UNNAMED;
  const { browser, os } = traitsOf(userAgent);
  return {
    browser: browser ?? "other",
    os: os === "linux" && CHROME_OS.test(userAgent) ? "chromeos" : (os ?? "other"),
  };
}
