// Every write path calls this before answering, so a read after the write sees it.
import { log } from "../observability/logger";
import type { CacheContext } from "./cache-context";
import { type ListResource, listHash, urlKey, userKey } from "./entity-cache";

export interface CacheChange {
  users?: number[];
  urls?: number[];
  /** Links that changed (their keys: domain/link-key.ts): their cached records are stale. */
  links?: string[];
  /** Links just created (their keys): only a cached "unknown" can exist, and it goes. */
  createdLinks?: string[];
  /** Custom domains' hostnames whose settings changed: what redirects know of them is stale. */
  hosts?: string[];
  lists?: ListResource[];
}

export async function invalidateCaches(cache: CacheContext, change: CacheChange, requestId: string): Promise<void> {
  const keys = [
    ...(change.users ?? []).map(userKey),
    ...(change.urls ?? []).map(urlKey),
    ...cache.links.forget(change.links ?? []),
    ...cache.hosts.forget(change.hosts ?? []),
  ];
  const created = cache.links.forget(change.createdLinks ?? []);
  if (!cache.redis) return;
  const done = await cache.redis.invalidate(keys, (change.lists ?? []).map(listHash), created);
  if (!done) {
    // The write stands; Redis may serve the old value until its TTL (see docs/CACHING.md).
    log("warn", "cache_invalidation_failed", { request_id: requestId, keys: keys.length });
  }
}
