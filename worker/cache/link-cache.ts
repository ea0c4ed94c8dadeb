// The redirect cache: short code → destination, in two tiers. The isolate tier is a
// module-level LRU (no I/O at all); the Redis tier is shared by every isolate. An unknown
// code is cached too (as null), briefly, so floods of random codes stay off Postgres.
import { isValidDestination } from "../lib/destination";
import { IsolateCache } from "./isolate-cache";
import type { RedisStore } from "./redis-store";
import { ISOLATE_CACHE_MAX_ENTRIES, ISOLATE_NEGATIVE_TTL_MS, NEGATIVE_TTL_SECONDS, REDIRECT_TTL_SECONDS } from "./ttl";

/** Stored in Redis for a code known not to exist. Cannot be a URL. */
const UNKNOWN_CODE = "\u0000unknown";

const isolateRedirects = new IsolateCache<string | null>(ISOLATE_CACHE_MAX_ENTRIES);

export const redirectKey = (code: string) => `redirect:${code}`;

/** The isolate tier alone: destination, null for a known-unknown code, undefined when unknown here. */
export function fromIsolateTier(code: string): string | null | undefined {
  return isolateRedirects.get(code);
}

export class LinkCache {
  constructor(
    private readonly redis: RedisStore | undefined,
    private readonly isolateTtlMs: number,
  ) {}

  /** Same contract from Redis; anything that is neither a destination nor the marker is a miss. */
  async fromRedis(code: string): Promise<string | null | undefined> {
    if (!this.redis) return undefined;
    const value = await this.redis.get(redirectKey(code));
    if (value === undefined || value === null) return undefined;
    if (value === UNKNOWN_CODE) return null;
    return isValidDestination(value) ? value : undefined;
  }

  rememberInIsolate(code: string, destination: string | null): void {
    isolateRedirects.set(
      code,
      destination,
      destination === null ? Math.min(ISOLATE_NEGATIVE_TTL_MS, this.isolateTtlMs) : this.isolateTtlMs,
    );
  }

  async fillRedis(code: string, destination: string | null): Promise<void> {
    if (!this.redis) return;
    if (destination === null) await this.redis.fill(redirectKey(code), UNKNOWN_CODE, NEGATIVE_TTL_SECONDS);
    else await this.redis.fill(redirectKey(code), destination, REDIRECT_TTL_SECONDS);
  }

  /** Keys to invalidate for these codes; the isolate tier forgets them at once. */
  forget(codes: string[]): string[] {
    for (const code of codes) isolateRedirects.delete(code);
    return codes.map(redirectKey);
  }
}

/** Test hook: start from a cold isolate tier. */
export function clearIsolateRedirects(): void {
  isolateRedirects.clear();
}
