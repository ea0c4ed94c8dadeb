// The redirect cache: short code → link record, in two tiers. The isolate tier is a module-level
// LRU (no I/O at all); the Redis tier is shared by every isolate. An unknown code is cached too
// (as null), briefly, so floods of random codes stay off Postgres. What is cached is the link's
// whole record, never a precomputed answer: the redirect evaluates it against the clock on every
// request, so expiry, activation and limits hold whatever the TTLs. TTLs are absolute: a hit never
// extends one, so an edit reaches every isolate within ISOLATE_REDIRECT_TTL_MS.
import { type LinkRecord, parseLinkRecord } from "../domain/link-record";
import { IsolateCache } from "./isolate-cache";
import type { RedisStore } from "./redis-store";
import { ISOLATE_CACHE_MAX_ENTRIES, ISOLATE_NEGATIVE_TTL_MS, NEGATIVE_TTL_SECONDS, REDIRECT_TTL_SECONDS } from "./ttl";

/** Stored in Redis for a code known not to exist. Cannot be a record. */
const UNKNOWN_CODE = "\u0000unknown";

const isolateRedirects = new IsolateCache<LinkRecord | null>(ISOLATE_CACHE_MAX_ENTRIES);

export const redirectKey = (code: string) => `link:${code}`;

/** The isolate tier alone: the record, null for a known-unknown code, undefined when unknown here. */
export function fromIsolateTier(code: string): LinkRecord | null | undefined {
  return isolateRedirects.get(code);
}

export class LinkCache {
  constructor(
    private readonly redis: RedisStore | undefined,
    private readonly isolateTtlMs: number,
  ) {}

  /** Same contract from Redis; anything that is neither a valid record nor the marker is a miss. */
  async fromRedis(code: string): Promise<LinkRecord | null | undefined> {
    if (!this.redis) return undefined;
    const value = await this.redis.get(redirectKey(code));
    if (value === undefined || value === null) return undefined;
    if (value === UNKNOWN_CODE) return null;
    return parseLinkRecord(value);
  }

  rememberInIsolate(code: string, record: LinkRecord | null): void {
    isolateRedirects.set(
      code,
      record,
      record === null ? Math.min(ISOLATE_NEGATIVE_TTL_MS, this.isolateTtlMs) : this.isolateTtlMs,
    );
  }

  async fillRedis(code: string, record: LinkRecord | null): Promise<void> {
    if (!this.redis) return;
    if (record === null) await this.redis.fill(redirectKey(code), UNKNOWN_CODE, NEGATIVE_TTL_SECONDS);
    else await this.redis.fill(redirectKey(code), JSON.stringify(record), REDIRECT_TTL_SECONDS);
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
