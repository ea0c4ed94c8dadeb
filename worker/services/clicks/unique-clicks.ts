// The consumer's half of unique clicks: each human click's visitor hash is claimed in Redis for an
// hour (SET NX GET, one pipelined round trip per batch). A hash nobody held, or held by this very
// click (a redelivered batch), is a unique click; one held by another click is a repeat. Without
// a hash or without Redis the click is counted unique: under-counting would hide real visitors.
import type { RedisStore } from "../../cache/redis-store";
import { dependencyCalls } from "../../observability/dependency-calls";
import { METRICS } from "../../observability/metrics/definitions";
import { incrementCounter } from "../../observability/metrics/recorder";
import type { ClickMessage } from "./click";
import type { StoredClick } from "./store-clicks";

/** How long a visitor of a link is remembered: a reload within it is not a second unique click. */
export const UNIQUE_VISITOR_SECONDS = 3600;

const visitorKey = (hash: string) => `uv:${hash}`;

export async function decideUniqueClicks(
  redis: RedisStore | undefined,
  clicks: ClickMessage[],
): Promise<StoredClick[]> {
  const hashed = clicks.filter((click) => click.kind === "human" && click.visitor !== undefined);
  let claims: (string | null)[] | undefined;
  if (redis && hashed.length > 0) {
    dependencyCalls().redisFromQueue += 1; // one pipelined call (not a request's)
    const entries = hashed.map((click) => ({ name: visitorKey(click.visitor as string), value: click.id }));
    claims = await redis.claimEach(entries, UNIQUE_VISITOR_SECONDS);
  }
  // Click id → the click that held its visitor's key before (null: nobody); absent: not checked.
  const previousHolder = new Map(claims ? hashed.map((click, index) => [click.id, claims[index] ?? null]) : []);
  return clicks.map(({ visitor: _dropped, ...click }) => {
    if (click.kind !== "human") return { ...click, unique: null };
    const holder = previousHolder.get(click.id);
    const result = holder === undefined ? "unchecked" : holder === null || holder === click.id ? "unique" : "repeat";
    incrementCounter(METRICS.uniqueClickChecks, { result });
    return { ...click, unique: result !== "repeat" };
  });
}
