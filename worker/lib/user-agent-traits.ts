// What a rule can ask of a visitor's User-Agent: its form factor, operating system and browser.
// Bounded answers from a few regular expressions, evaluated only when a rule needs them.

export type FormFactor = "mobile" | "tablet" | "desktop";
export const OPERATING_SYSTEMS = ["ios", "android", "windows", "macos", "linux"] as const;
export type OperatingSystem = (typeof OPERATING_SYSTEMS)[number];
export const BROWSERS = ["edge", "opera", "samsung", "firefox", "chrome", "safari"] as const;
export type Browser = (typeof BROWSERS)[number];

const TABLET = /ipad|tablet|kindle|silk|playbook/i;
const MOBILE = /mobi|iphone|ipod|android.+mobile|windows phone|blackberry/i;

export function formFactor(userAgent: string): FormFactor {
  if (TABLET.test(userAgent) || (/android/i.test(userAgent) && !/mobile/i.test(userAgent))) return "tablet";
  return MOBILE.test(userAgent) ? "mobile" : "desktop";
}

// First match wins: iOS and Android agents also say "like Mac OS X" and "Linux".
const OS_PATTERNS: [OperatingSystem, RegExp][] = [
  ["ios", /iphone|ipad|ipod|\bios\b|cpu os/i],
  ["android", /android/i],
  ["windows", /windows/i],
  ["macos", /macintosh|mac os x/i],
  ["linux", /linux|x11|cros/i],
];

// Edge, Opera and Samsung Internet also say "Chrome"; Chrome also says "Safari".
const BROWSER_PATTERNS: [Browser, RegExp][] = [
  ["edge", /\bedg(e|a|ios)?\//i],
  ["opera", /\bopr\/|opera/i],
  ["samsung", /samsungbrowser/i],
  ["firefox", /firefox|fxios/i],
  ["chrome", /chrome|crios|chromium/i],
  ["safari", /safari/i],
];

export function operatingSystem(userAgent: string): OperatingSystem | null {
  return OS_PATTERNS.find(([, pattern]) => pattern.test(userAgent))?.[0] ?? null;
}

export function browser(userAgent: string): Browser | null {
  return BROWSER_PATTERNS.find(([, pattern]) => pattern.test(userAgent))?.[0] ?? null;
}

/** The visitor's first choice in Accept-Language (the highest q; the first of equals), lowercase. */
export function preferredLanguage(acceptLanguage: string | null): string | null {
  if (!acceptLanguage) return null;
  let best: string | null = null;
  let bestQuality = 0;
  for (const entry of acceptLanguage.split(",")) {
    const [tag = "", ...params] = entry.trim().split(";");
    const qualityParam = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    const quality = qualityParam === undefined ? 1 : Number(qualityParam.slice(2));
    if (!/^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i.test(tag) || !(quality > bestQuality)) continue;
    best = tag.toLowerCase();
    bestQuality = quality;
  }
  return best;
}
