// What a redirect records: when, which code, where from (referrer host, country, colo), what
// kind of client (device class, browser, operating system) and what kind of visit (human, bot, link
// preview, HEAD, prefetch). Only classes, labels and hosts are kept: never the full referrer URL, the
// user agent or the IP. The message's schema is what the queue's consumer reads it with.
import { z } from "zod";
import { agentLabels, CLICK_BROWSERS, CLICK_OPERATING_SYSTEMS } from "../../domain/agent-labels";
import { formFactor } from "../../domain/user-agent-traits";
import { userAgentClass } from "../../observability/user-agent-class";
import { edgeLocation } from "./edge-location";
import { asksNotToBeTracked } from "./visitor-hash";

export const DEVICE_CLASSES = ["mobile", "tablet", "desktop", "bot", "unknown"] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];
export const CLICK_CLASSES = ["human", "bot", "preview", "head", "prefetch"] as const;
export type ClickClass = (typeof CLICK_CLASSES)[number];
/** Where a click came from, when the short URL says: "qr" is a scan of the link's QR code. */
export const CLICK_SOURCES = ["qr"] as const;
export type ClickSource = (typeof CLICK_SOURCES)[number];

// Postgres smallint: what rule_index and variant_index hold.
const SMALLINT_MAX = 32_767;
const INTEGER_MAX = 2_147_483_647;

/**
 * One click as the queue carries it, and as the consumer reads it back (click-messages.ts). Unknown
 * fields are dropped rather than refused: the consumer must read what any producer within the
 * queue's retention sent, a newer one after a rollback included. The bounds are the clicks table's,
 * so a click that passes cannot fail its batch's INSERT.
 */
export const ClickMessageSchema = z.object({
  /** Unique per redirect: the idempotency key of the stored row. */
  id: z.uuid(),
  code: z.string().max(255),
  /**
   * The link's id: what the consumer stores the click under (a code names a link only with its
   * domain). Absent in messages queued before custom domains: their code is on the default domain.
   */
  url: z.number().int().min(1).max(INTEGER_MAX).optional(),
  /** ISO time of the redirect. */
  at: z.iso.datetime({ offset: true }),
  referrerHost: z.string().max(255).nullable(),
  country: z.string().max(8).nullable(),
  colo: z.string().max(8).nullable(),
  device: z.enum(DEVICE_CLASSES),
  /**
   * Bounded labels of the User-Agent (domain/agent-labels.ts); null under Global Privacy Control.
   * Absent in messages queued before browsers were recorded: stored as null.
   */
  browser: z.enum(CLICK_BROWSERS).nullable().optional(),
  os: z.enum(CLICK_OPERATING_SYSTEMS).nullable().optional(),
  kind: z.enum(CLICK_CLASSES),
  /** The link rule (its index) and variant that chose the destination; null: the link's own. */
  rule: z.number().int().min(0).max(SMALLINT_MAX).nullable().optional(),
  variant: z.number().int().min(0).max(SMALLINT_MAX).nullable().optional(),
  /** From the short URL's ls_src parameter (only known sources); null: a plain link. */
  source: z.enum(CLICK_SOURCES).nullable().optional(),
  /**
   * A human click's visitor hash (visitor-hash.ts), which the consumer checks in Redis and then
   * drops: never stored. Absent: no hash (Sec-GPC, no secret, not a person).
   */
  visitor: z.string().max(64).optional(),
});
export type ClickMessage = z.infer<typeof ClickMessageSchema>;

/** What served a click: a rule and its variant, or null for the link's own destination. */
export interface ServedBy {
  rule: number | null;
  variant: number | null;
}

export function deviceClass(userAgent: string | null, agentClass = userAgentClass(userAgent)): DeviceClass {
  if (!userAgent) return "unknown";
  if (agentClass === "bot" || agentClass === "preview") return "bot";
  const form = formFactor(userAgent);
  if (form !== "desktop") return form;
  return agentClass === "browser" ? "desktop" : "unknown";
}

// A browser fetching a link speculatively (a prefetch or prerender) says so in one of these
// (Chromium and Firefox: Sec-Purpose; Safari and older Chromium: Purpose; older Firefox: X-Moz);
// the person may never open it.
const PREFETCH_HEADERS = ["Sec-Purpose", "Purpose", "X-Moz"] as const;
const PREFETCH = /prefetch|prerender/i;

export function isPrefetch(headers: Headers): boolean {
  return PREFETCH_HEADERS.some((name) => {
    const value = headers.get(name);
    return value !== null && PREFETCH.test(value);
  });
}

export function clickClass(
  method: string,
  userAgent: string | null,
  agentClass = userAgentClass(userAgent),
  prefetch = false,
): ClickClass {
  if (method === "HEAD") return "head";
  if (prefetch) return "prefetch";
  if (agentClass === "preview") return "preview";
  if (agentClass === "bot" || agentClass === "cli" || agentClass === "library") return "bot";
  return "human";
}

/**
 * Whether a visit may spend a capped link's click: a person's (`human`), in an agent that says it is
 * a browser. A missing, empty or unrecognised User-Agent is what plain scripts send (a person's
 * browser always sends one), so it spends nothing: it gets the neutral page, as bots do.
 */
export function spendsCappedClick(kind: ClickClass, userAgent: string | null): boolean {
  return kind === "human" && userAgentClass(userAgent) === "browser";
}

/**
 * What a link's QR code adds to the short URL it encodes (services/urls/qr-use-cases.ts). ls_ parameters
 * are never forwarded, so clickSourceOf is the only place it is read.
 */
export const QR_SOURCE_PARAMETER = "ls_src=qr";
const QR_SOURCE = new RegExp(`[?&]${QR_SOURCE_PARAMETER}(?:[&#]|$)`, "i");

export function clickSourceOf(url: string): ClickSource | null {
  return url.includes("?") && QR_SOURCE.test(url) ? "qr" : null;
}

function referrerHost(referrer: string | null): string | null {
  if (!referrer) return null;
  try {
    return new URL(referrer).hostname.slice(0, 255) || null;
  } catch {
    return null;
  }
}

/** The class of the visit a request is, on its own (buildClick derives the device class beside it). */
export function requestClickClass(request: Request): ClickClass {
  const userAgent = request.headers.get("User-Agent");
  return clickClass(request.method, userAgent, userAgentClass(userAgent), isPrefetch(request.headers));
}

// The clicks of one millisecond share their time's text: a busy isolate makes several (and a Worker's
// clock stands still while it computes).
let lastTime = { at: Number.NaN, text: "" };

function isoTime(now: number): string {
  if (now !== lastTime.at) lastTime = { at: now, text: new Date(now).toISOString() };
  return lastTime.text;
}

export function buildClick(
  request: Request,
  link: { id: number; code: string },
  now = Date.now(),
  servedBy: ServedBy = { rule: null, variant: null },
): ClickMessage {
  const { country, colo } = edgeLocation(request);
  const userAgent = request.headers.get("User-Agent");
  const agentClass = userAgentClass(userAgent); // once: both classes below derive from it
  // Global Privacy Control: the click still counts (caps and totals need it), without where the
  // visitor came from or what they use.
  const gpc = asksNotToBeTracked(request.headers);
  const labels = gpc ? null : agentLabels(userAgent);
  return {
    id: crypto.randomUUID(),
    code: link.code,
    url: link.id,
    at: isoTime(now),
    referrerHost: gpc ? null : referrerHost(request.headers.get("Referer")),
    country,
    colo,
    device: gpc ? "unknown" : deviceClass(userAgent, agentClass),
    browser: labels?.browser ?? null,
    os: labels?.os ?? null,
    kind: clickClass(request.method, userAgent, agentClass, isPrefetch(request.headers)),
    source: clickSourceOf(request.url),
    ...servedBy,
  };
}
