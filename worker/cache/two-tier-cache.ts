// A value per key in two tiers, as the redirect path reads them: the isolate's memory (no I/O), then
// Redis (shared by every isolate). A key known to have no value is cached too (null), under a marker
// that cannot be a value. The isolate tier lives as long as the isolate (module level); each request
// gets a view of it with its own Redis client. Fills never overwrite (Redis NX, isolate tombstones).
import { GuardedIsolateCache, type LookupStart } from "./guarded-isolate-cache";
import type { RedisStore } from "./redis-store";

export interface TierSettings<V> {
  /** Prefix of the Redis keys ("link:"). */
  redisPrefix: string;
  /** Stored in Redis for a key known to have no value. Cannot be a value's serialisation. */
  absentMarker: string;
  /** A value read back from Redis (shared: whatever it holds is input); undefined is a miss. */
  parse(text: string): V | undefined;
  /** How long the isolate keeps a value (null: absent), given the deployment's isolate TTL. */
  isolateTtlMs(value: V | null, configuredTtlMs: number): number;
  redisTtlSeconds(value: V | null): number;
}

export class TwoTierCache<V> {
  private readonly isolate: GuardedIsolateCache<V | null>;

  constructor(
    private readonly settings: TierSettings<V>,
    maxEntries: number,
  ) {
    this.isolate = new GuardedIsolateCache<V | null>(maxEntries);
  }

  /** The isolate tier alone: the value, null for a known-absent key, undefined when unknown here. */
  fromIsolate(key: string): V | null | undefined {
    return this.isolate.get(key);
  }

  /** Taken before a lookup's first I/O (see GuardedIsolateCache). */
  startLookup(): LookupStart {
    return this.isolate.startLookup();
  }

  redisKey(key: string): string {
    return `${this.settings.redisPrefix}${key}`;
  }

  /** A request's view: its Redis client (none when Redis is not configured) and the isolate TTL. */
  view(redis: RedisStore | undefined, isolateTtlMs: number): TierView<V> {
    return new TierView(this, this.isolate, this.settings, redis, isolateTtlMs);
  }

  /** Test hook: start from a cold isolate tier. */
  clearIsolate(): void {
    this.isolate.clear();
  }
}

export class TierView<V> {
  constructor(
    private readonly cache: TwoTierCache<V>,
    private readonly isolate: GuardedIsolateCache<V | null>,
    private readonly settings: TierSettings<V>,
    private readonly redis: RedisStore | undefined,
    private readonly isolateTtlMs: number,
  ) {}

  /** Same contract as the isolate tier, from Redis; anything that is neither a value nor the marker is a miss. */
  async fromRedis(key: string): Promise<V | null | undefined> {
    if (!this.redis) return undefined;
    const value = await this.redis.get(this.cache.redisKey(key));
    if (value === undefined || value === null) return undefined;
    if (value === this.settings.absentMarker) return null;
    return this.settings.parse(value);
  }

  /** Keeps a lookup's answer in this isolate, unless a write here forgot the key after `startedAt`. */
  rememberInIsolate(key: string, value: V | null, startedAt: LookupStart): void {
    this.isolate.remember(key, value, this.settings.isolateTtlMs(value, this.isolateTtlMs), startedAt);
  }

  async fillRedis(key: string, value: V | null): Promise<void> {
    if (!this.redis) return;
    const text = value === null ? this.settings.absentMarker : JSON.stringify(value);
    await this.redis.fill(this.cache.redisKey(key), text, this.settings.redisTtlSeconds(value));
  }

  /** Redis keys to invalidate for these keys; the isolate tier forgets them at once. */
  forget(keys: string[]): string[] {
    for (const key of keys) this.isolate.forget(key);
    return keys.map((key) => this.cache.redisKey(key));
  }
}
