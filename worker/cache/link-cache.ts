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

// The isolate's tombstones. A lookup that started before a write in this isolate (its Redis read or
// Postgres query in flight, or its fill waiting for the response to go) must not put the old answer
// back after the write forgot it: Redis refuses such fills with its own tombstones, and this does
// the same for the isolate tier. Each forget takes the next number of a counter rather than a time,
// since a Worker's clock stands still between I/O and two events may share a millisecond.
let forgetCount = 0;
const forgottenAt = new IsolateCache<number>(ISOLATE_CACHE_MAX_ENTRIES);
/** Longer than any lookup can take (Redis and Postgres calls are bounded well below it). */
const ISOLATE_TOMBSTONE_TTL_MS = 60_000;

/** Where a lookup starts: fills stamped with it are refused for codes forgotten since. */
export type LookupStart = number;
export const startLookup = (): LookupStart => forgetCount;

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

  /** Keeps a lookup's answer in this isolate, unless a write here forgot the code after `startedAt`. */
  rememberInIsolate(code: string, record: LinkRecord | null, startedAt: LookupStart): void {
    if ((forgottenAt.get(code) ?? -1) >= startedAt) return;
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
    for (const code of codes) {
      isolateRedirects.delete(code);
      // A lookup that starts from now on sees the counter at this value or above, and may fill.
      forgottenAt.set(code, forgetCount++, ISOLATE_TOMBSTONE_TTL_MS);
    }
    return codes.map(redirectKey);
  }
}

/** Test hook: start from a cold isolate tier. */
export function clearIsolateRedirects(): void {
  isolateRedirects.clear();
}
