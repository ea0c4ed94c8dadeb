// The redirect cache: link key (domain/link-key.ts) → link record, in the two tiers (two-tier-cache.ts).
// An unknown code is cached too (as null), briefly, so floods of random codes stay off Postgres. What
// is cached is the link's whole record, never a precomputed answer: the redirect evaluates it against
// the clock on every request, so expiry, activation and limits hold whatever the TTLs. TTLs are
// absolute: a hit never extends one, so an edit reaches every isolate within ISOLATE_REDIRECT_TTL_MS.
import { type LinkRecord, parseLinkRecord } from "../domain/link-record";
import type { LookupStart } from "./guarded-isolate-cache";
import { ISOLATE_CACHE_MAX_ENTRIES, ISOLATE_NEGATIVE_TTL_MS, NEGATIVE_TTL_SECONDS, REDIRECT_TTL_SECONDS } from "./ttl";
import { type TierView, TwoTierCache } from "./two-tier-cache";

const links = new TwoTierCache<LinkRecord>(
  {
    redisPrefix: "link:",
    absentMarker: "\u0000unknown",
    parse: parseLinkRecord,
    isolateTtlMs: (record, ttl) => (record === null ? Math.min(ISOLATE_NEGATIVE_TTL_MS, ttl) : ttl),
    redisTtlSeconds: (record) => (record === null ? NEGATIVE_TTL_SECONDS : REDIRECT_TTL_SECONDS),
  },
  ISOLATE_CACHE_MAX_ENTRIES,
);

/** A request's view of the link tiers. */
export type LinkCache = TierView<LinkRecord>;

export const linkCacheOf = (...args: Parameters<typeof links.view>): LinkCache => links.view(...args);

/** The isolate tier alone: the record, null for a known-unknown code, undefined when unknown here. */
export const fromIsolateTier = (key: string): LinkRecord | null | undefined => links.fromIsolate(key);

/** Taken before a link lookup's first I/O (see GuardedIsolateCache). */
export const startLinkLookup = (): LookupStart => links.startLookup();

/** Test hook: start from a cold isolate tier. */
export const clearIsolateRedirects = (): void => links.clearIsolate();
