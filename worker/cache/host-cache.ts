// Which custom domain a request's host is, in the two tiers like link records (link-cache.ts). null
// means no domain serves the host (none claims it, or its domain is not active yet). A domain's
// settings reach every isolate within the isolate TTL; a host nobody serves is remembered longer,
// since claiming one waits on DNS changes that take longer anyway.
import { type DomainSite, parseDomainSite } from "../domain/domain-site";
import type { LookupStart } from "./guarded-isolate-cache";
import {
  ISOLATE_CACHE_MAX_ENTRIES,
  ISOLATE_UNCLAIMED_HOST_TTL_MS,
  REDIRECT_TTL_SECONDS,
  UNCLAIMED_HOST_TTL_SECONDS,
} from "./ttl";
import { type TierView, TwoTierCache } from "./two-tier-cache";

const hosts = new TwoTierCache<DomainSite>(
  {
    redisPrefix: "host:",
    absentMarker: "\u0000unclaimed",
    parse: parseDomainSite,
    // Unserved hosts: at most 12 × the isolate TTL (0 still turns the isolate tier off).
    isolateTtlMs: (site, ttl) => (site === null ? Math.min(ISOLATE_UNCLAIMED_HOST_TTL_MS, ttl * 12) : ttl),
    redisTtlSeconds: (site) => (site === null ? UNCLAIMED_HOST_TTL_SECONDS : REDIRECT_TTL_SECONDS),
  },
  ISOLATE_CACHE_MAX_ENTRIES,
);

/** A request's view of the host tiers. */
export type HostCache = TierView<DomainSite>;

export const hostCacheOf = (...args: Parameters<typeof hosts.view>): HostCache => hosts.view(...args);

/** The isolate tier alone: the site, null for a host no domain serves, undefined when unknown here. */
export const hostFromIsolateTier = (hostname: string): DomainSite | null | undefined => hosts.fromIsolate(hostname);

/** Taken before a host lookup's first I/O (see GuardedIsolateCache). */
export const startHostLookup = (): LookupStart => hosts.startLookup();

/** Test hook: start from a cold isolate tier. */
export const clearIsolateHosts = (): void => hosts.clearIsolate();
