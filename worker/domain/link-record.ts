// What the redirect caches keep for a link: a small versioned record with everything a redirect
// must honour (destination, lifetime, click cap, fallbacks, forwarding, UTM tags, whether the
// destination is broken), so an answer from
// the isolate or Redis is as exact as one from Postgres. Times are epoch milliseconds and are
// compared with the clock on every request (see redirect-decision.ts), never baked into a TTL.
import { parseJsonObject } from "../lib/json-object.ts";
import { checkDestination, isValidDestination, PROBLEM_MESSAGES } from "./destination.ts";
import { parseRules, type Rule } from "./link-rules.ts";

/** Bumped whenever the shape changes: a record of another version is a cache miss. */
export const LINK_RECORD_VERSION = 4;

export const QUERY_FORWARDING_MODES = ["off", "fill", "merge"] as const;
export type QueryForwarding = (typeof QUERY_FORWARDING_MODES)[number];

export const UTM_FIELDS = ["source", "medium", "campaign", "term", "content"] as const;
export type UtmField = (typeof UTM_FIELDS)[number];
export type UtmTags = Partial<Record<UtmField, string>>;

export interface LinkRecord {
  v: typeof LINK_RECORD_VERSION;
  id: number;
  /** The destination's serialisation, as the Location header carries it. */
  destination: string;
  validSince: number | null;
  expiresAt: number | null;
  maxClicks: number | null;
  /** Human clicks stored when the record was read: a floor for the click reservations. */
  clicksUsed: number;
  /** Where an expired or used-up link sends people instead of a 410 page. */
  expiredUrl: string | null;
  /**
   * Whether the destination's last checks left it "broken" (link-health): the record is dropped
   * from the caches whenever that changes, so a cached hit knows as much as Postgres.
   */
  destinationBroken: boolean;
  /** Opt-in: where the link sends people instead of its destination while that is broken. */
  fallbackUrl: string | null;
  forwarding: QueryForwarding;
  utm: UtmTags | null;
  /** Targeting rules and A/B splits, first match wins; null when the link has none. */
  rules: Rule[] | null;
  /**
   * The version of the link's password when it has one (what unlock cookies are signed for), else
   * null. Never the password or its hash: checking a given password reads the hash from Postgres.
   */
  password: number | null;
}

const isTime = (value: unknown) => value === null || (typeof value === "number" && Number.isFinite(value));
const isOptionalDestination = (value: unknown) =>
  value === null || (typeof value === "string" && isValidDestination(value));
const isCount = (value: unknown) => typeof value === "number" && Number.isInteger(value) && value >= 0;

function isUtm(value: unknown): value is UtmTags | null {
  if (value === null) return true;
  if (typeof value !== "object" || Array.isArray(value)) return false;
  return Object.entries(value).every(
    ([field, tag]) => (UTM_FIELDS as readonly string[]).includes(field) && typeof tag === "string",
  );
}

/** A rule's destination passes the same shape rules as the link's own. */
export function checkRuleDestination(url: string): { href: string } | { problem: string } {
  const check = checkDestination(url);
  return check.ok ? { href: check.href } : { problem: PROBLEM_MESSAGES[check.problem] };
}

/**
 * A record read back from Redis, checked field by field (Redis is shared: whatever it returns is
 * input); undefined for anything else, which the caller treats as a miss.
 */
export function parseLinkRecord(text: string): LinkRecord | undefined {
  const record = parseJsonObject(text) as Record<keyof LinkRecord, unknown> | undefined;
  if (record === undefined) return undefined;
  const valid =
    record.v === LINK_RECORD_VERSION &&
    isCount(record.id) &&
    typeof record.destination === "string" &&
    isValidDestination(record.destination) &&
    isTime(record.validSince) &&
    isTime(record.expiresAt) &&
    (record.maxClicks === null || isCount(record.maxClicks)) &&
    isCount(record.clicksUsed) &&
    isOptionalDestination(record.expiredUrl) &&
    typeof record.destinationBroken === "boolean" &&
    isOptionalDestination(record.fallbackUrl) &&
    (QUERY_FORWARDING_MODES as readonly unknown[]).includes(record.forwarding) &&
    isUtm(record.utm) &&
    (record.rules === null || parseRules(record.rules, checkRuleDestination).ok) &&
    (record.password === null || isCount(record.password));
  return valid ? (record as unknown as LinkRecord) : undefined;
}

/** A record with nothing but a destination: what a plain link caches (also the tests' and the bench's base). */
export function plainLinkRecord(id: number, destination: string): LinkRecord {
  return {
    v: LINK_RECORD_VERSION,
    id,
    destination,
    validSince: null,
    expiresAt: null,
    maxClicks: null,
    clicksUsed: 0,
    expiredUrl: null,
    destinationBroken: false,
    fallbackUrl: null,
    forwarding: "fill",
    utm: null,
    rules: null,
    password: null,
  };
}
