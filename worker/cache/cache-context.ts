// Builds a request's view of the caches from configuration.
import type { Config } from "../config/env";
import { EntityCache } from "./entity-cache";
import { type HostCache, hostCacheOf } from "./host-cache";
import type { KeepAlive } from "./invalidation-batcher";
import { type LinkCache, linkCacheOf } from "./link-cache";
import { RedisStore } from "./redis-store";

export interface CacheContext {
  redis: RedisStore | undefined;
  links: LinkCache;
  hosts: HostCache;
  entities: EntityCache;
}

/** `keepAlive`: the request's waitUntil (RedisStore shares a request's round trips with others). */
export function createCacheContext(config: Config, keepAlive?: KeepAlive): CacheContext {
  const redis =
    config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN
      ? new RedisStore(
          {
            url: config.UPSTASH_REDIS_REST_URL,
            token: config.UPSTASH_REDIS_REST_TOKEN,
            keyPrefix: config.REDIS_KEY_PREFIX,
            timeoutMs: config.REDIS_TIMEOUT_MS,
          },
          keepAlive,
        )
      : undefined;
  return {
    redis,
    links: linkCacheOf(redis, config.ISOLATE_CACHE_TTL_MS),
    hosts: hostCacheOf(redis, config.ISOLATE_CACHE_TTL_MS),
    entities: new EntityCache(redis),
  };
}
