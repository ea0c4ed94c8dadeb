// Every cache lifetime in one place, each named with its unit.

/** Redirect targets kept in the isolate's memory. Also the longest an edit can take to reach
 * another isolate (the isolate that handled the edit forgets at once). */
export const ISOLATE_REDIRECT_TTL_MS = 5_000;
/** Unknown codes remembered in the isolate, so a flood of random codes stays in memory. */
export const ISOLATE_NEGATIVE_TTL_MS = 5_000;
/** Hosts no custom domain serves, remembered in the isolate (at most 12 × the isolate TTL). */
export const ISOLATE_UNCLAIMED_HOST_TTL_MS = 60_000;
/** How many codes one isolate remembers (least recently used go first). */
export const ISOLATE_CACHE_MAX_ENTRIES = 10_000;

/** Redirect targets in Redis; every write path deletes them, so this only bounds memory. */
export const REDIRECT_TTL_SECONDS = 3_600;
/** Unknown codes in Redis. Creating a link clears its code's entry. */
export const NEGATIVE_TTL_SECONDS = 30;
/** Hosts no custom domain serves, in Redis. Claiming or activating a domain clears its host's entry. */
export const UNCLAIMED_HOST_TTL_SECONDS = 60;
/** Single users and urls in Redis. */
export const ENTITY_TTL_SECONDS = 300;
/** List responses in Redis (one hash per resource, dropped whole on any write). */
export const LIST_TTL_SECONDS = 60;
/** After an invalidation, fills of that key are refused this long, so a read that started
 * before the write cannot put the old value back. */
export const TOMBSTONE_TTL_SECONDS = 5;

/** Default limit on one Redis call; a slower answer is treated as a miss. */
export const DEFAULT_REDIS_TIMEOUT_MS = 100;
/** The Redis circuit opens when half of the last 20 calls failed (at least 6 calls seen),
 * and stays open 5 s before one probe is let through. */
export const REDIS_CIRCUIT = { windowSize: 20, minimumCalls: 6, failureRatio: 0.5, openMs: 5_000 } as const;
