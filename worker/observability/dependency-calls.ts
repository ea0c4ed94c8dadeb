// Counts calls to each dependency in this isolate. Tests read them to hold the hot path to
// its budget (zero Postgres calls for a cached redirect, ...); metrics will export them.
export interface DependencyCalls {
  redis: number;
  redisFailures: number;
  postgres: number;
  /**
   * Of those, the click queue consumer's statements (one per batch). Batches are delivered to
   * whichever isolate is running, interleaved with requests: budgets of a request path subtract them.
   */
  postgresFromQueue: number;
  /** Of the Redis calls, the click consumer's (its cache invalidations for capped links). */
  redisFromQueue: number;
  durableObject: number;
  /**
   * Of those, the metrics' and logs' flushes to their Durable Objects (at most once a second per
   * isolate, in whichever request's waitUntil is due): budgets of a request path subtract them.
   */
  durableObjectFromFlush: number;
}

const KEY = Symbol.for("linkscope.dependencyCalls");
type WithCounters = typeof globalThis & { [KEY]?: DependencyCalls };

export function dependencyCalls(): DependencyCalls {
  const holder = globalThis as WithCounters;
  holder[KEY] ??= {
    redis: 0,
    redisFailures: 0,
    postgres: 0,
    postgresFromQueue: 0,
    redisFromQueue: 0,
    durableObject: 0,
    durableObjectFromFlush: 0,
  };
  return holder[KEY];
}
