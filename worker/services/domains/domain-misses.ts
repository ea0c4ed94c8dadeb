// Unknown codes asked for on each custom domain, per UTC day: a counter in Redis per domain and day
// (one INCR after the response, never on the redirect's own path). Counted here rather than as a
// metric label, which must stay bounded (never a hostname or an id); GET /domains/{id}/stats reads
// them back. Without Redis (or while it is unreachable) they are not counted, and the stats say so.
import { createCacheContext } from "../../cache/cache-context";
import type { RedisStore } from "../../cache/redis-store";
import type { Config } from "../../config/env";
import { DAY_MS } from "../../lib/time";

/** Kept a little longer than the longest window the stats answer. */
export const MISS_DAYS_KEPT = 100;

const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);
const keyOf = (domainId: number, day: string) => `domain-misses:${domainId}:${day}`;

/** One unknown code asked for on the domain now; nothing without Redis. */
export async function countUnknownCode(config: Config, domainId: number, now: number): Promise<void> {
  await createCacheContext(config).redis?.countUp(keyOf(domainId, dayOf(now)), MISS_DAYS_KEPT * 86_400);
}

/** The last `days` UTC days (oldest first) with their counts, or null when Redis could not say. */
export async function unknownCodesByDay(
  redis: RedisStore | undefined,
  domainId: number,
  days: number,
  now: number,
): Promise<{ day: string; requests: number }[] | null> {
  if (!redis) return null;
  const wanted = Array.from({ length: days }, (_, back) => dayOf(now - (days - 1 - back) * DAY_MS));
  const counts = await redis.getMany(wanted.map((day) => keyOf(domainId, day)));
  if (counts === undefined) return null;
  return wanted.map((day, index) => ({ day, requests: Number(counts[index] ?? 0) || 0 }));
}
