// At most one request per destination host per HOST_INTERVAL_MS, across every isolate: the first
// check of a host takes the turn (SET NX PX in Redis); the others wait for a later run. Without Redis
// the isolate keeps the turns itself (one isolate's worth of politeness, as in local development).
import type { RedisStore } from "../../cache/redis-store";

export const HOST_INTERVAL_MS = 10_000;

const localTurns = new Map<string, number>();

/** Whether this check may send a request to `host` now. */
export async function takeHostTurn(redis: RedisStore | undefined, host: string, now = Date.now()): Promise<boolean> {
  if (redis) {
    const claimed = await redis.claimEach([{ name: `hc:${host}`, value: String(now) }], HOST_INTERVAL_MS / 1000);
    if (claimed !== undefined) return claimed[0] === null;
    // Redis did not answer: the isolate's own turns, rather than no limit at all.
  }
  const until = localTurns.get(host);
  if (until !== undefined && until > now) return false;
  localTurns.set(host, now + HOST_INTERVAL_MS);
  if (localTurns.size > 10_000) localTurns.clear();
  return true;
}
