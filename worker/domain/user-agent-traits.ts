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

const LANGUAGE_TAG = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i;

/** The visitor's first choice in Accept-Language (the highest q; the first of equals), lowercase. */
export function preferredLanguage(acceptLanguage: string | null): string | null {
  if (!acceptLanguage) return null;
  let best: string | null = null;
  let bestQuality = 0;
  for (const entry of acceptLanguage.split(",")) {
    // The usual case: a first entry without a quality has q=1, which nothing can beat.
    const plain = entry.trim();
    if (!plain.includes(";") && LANGUAGE_TAG.test(plain)) return plain.toLowerCase();
    const [tag = "", ...params] = plain.split(";");
    const qualityParam = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    const quality = qualityParam === undefined ? 1 : Number(qualityParam.slice(2));
    if (!LANGUAGE_TAG.test(tag) || !(quality > bestQuality)) continue;
    best = tag.toLowerCase();
    bestQuality = quality;
  }
  return best;
}

/**
 * A small memo for what is parsed out of header values. Real traffic repeats a few thousand
 * User-Agent and Accept-Language strings over and over: a map lookup replaces a dozen regular
 * expressions. Bounded: when full it starts again (no LRU bookkeeping on the hot path).
 */
export class HeaderMemo<T> {
  private readonly entries = new Map<string, T>();
  private readonly compute: (value: string) => T;
  private readonly maxEntries: number;

  // No parameter properties: the scripts load this file too, in Node's type-stripping mode.
  constructor(compute: (value: string) => T, maxEntries = 1_000) {
    this.compute = compute;
    this.maxEntries = maxEntries;
  }

  get(value: string): T {
    let result = this.entries.get(value);
    if (result === undefined) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      result = this.compute(value);
      this.entries.set(value, result);
    }
    return result;
  }
}

export interface AgentTraits {
  device: FormFactor;
  os: OperatingSystem | null;
  browser: Browser | null;
}

const agentTraits = new HeaderMemo<AgentTraits>((agent) => ({
  device: formFactor(agent),
  os: operatingSystem(agent),
  browser: browser(agent),
}));

/** Form factor, operating system and browser of a User-Agent, parsed once per distinct string. */
export const traitsOf = (userAgent: string): AgentTraits => agentTraits.get(userAgent);

const languages = new HeaderMemo<{ tag: string | null }>((header) => ({ tag: preferredLanguage(header) }));

/** preferredLanguage, parsed once per distinct Accept-Language. */
export const preferredLanguageOf = (acceptLanguage: string | null): string | null =>
  acceptLanguage ? languages.get(acceptLanguage).tag : null;
