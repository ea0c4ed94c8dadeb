// Cache-aside read: answer from the cache when it can, else load, answer, and fill afterwards.
import { type CacheName, recordCacheLookup } from "../observability/metrics/http-metrics";

export interface ReadThrough<T> {
  /** Which cache, for linkscope_cache_lookups_total. */
  cache: CacheName;
  fromCache: () => Promise<T | undefined>;
  load: () => Promise<T>;
  fill: (value: T) => Promise<void>;
  defer: (work: () => Promise<unknown>) => void;
}

export async function readThrough<T>({ cache, fromCache, load, fill, defer }: ReadThrough<T>): Promise<T> {
  const cached = await fromCache();
  recordCacheLookup(cache, cached !== undefined);
  if (cached !== undefined) return cached;
  const value = await load();
  defer(() => fill(value));
  return value;
}
