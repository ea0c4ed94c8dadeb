// Builds a request's view of the caches from configuration.
import type { Config } from "../config/env";
import { EntityCache } from "./entity-cache";
import { LinkCache } from "./link-cache";
import { RedisStore } from "./redis-store";

export interface CacheContext {
  redis: RedisStore | undefined;
  links: LinkCache;
  entities: EntityCache;
}

export function createCacheContext(config: Config): CacheContext {
  const redis =
    config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN
      ? new RedisStore({
          url: config.UPSTASH_REDIS_REST_URL,
          token: config.UPSTASH_REDIS_REST_TOKEN,
          keyPrefix: config.REDIS_KEY_PREFIX,
          timeoutMs: config.REDIS_TIMEOUT_MS,
        })
      : undefined;
  return { redis, links: new LinkCache(redis, config.ISOLATE_CACHE_TTL_MS), entities: new EntityCache(redis) };
}
