// The only door to Redis. Every call has a timeout; a timeout, an error or a reply of the
// wrong shape is reported as `undefined` (a miss), never thrown. Repeated failures open a
// circuit so a dead Redis costs nothing per request.
import { Redis } from "@upstash/redis/cloudflare";
import { dependencyCalls } from "../observability/dependency-calls";
import { log } from "../observability/logger";
import { METRICS } from "../observability/metrics/definitions";
import { incrementCounter, observeHistogram } from "../observability/metrics/recorder";
import { CircuitBreaker, type CircuitState } from "./circuit-breaker";
import { type Invalidation, InvalidationBatcher, type KeepAlive } from "./invalidation-batcher";
import { REDIS_CIRCUIT, TOMBSTONE_TTL_SECONDS } from "./ttl";

/** What an invalidated key holds for a few seconds: reads see a miss, fills are refused. */
export const TOMBSTONE = "\u0000invalidated";

export interface RedisSettings {
  url: string;
  token: string;
  keyPrefix: string;
  timeoutMs: number;
}

// Fills a list hash unless its tombstone exists (the list was invalidated moments ago).
const FILL_HASH_UNLESS_TOMBSTONED = `if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`;

// countUp(): INCR, and the key's lifetime set with its first count (never extended by later ones).
const COUNT_UP = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`;

// claimEach(): SET NX GET EX per key in one script, one command however many keys (a queue batch's
// 10,000 visitors were 10,000 pipelined commands to parse and answer); ARGV[1] is the TTL, ARGV[i + 1]
// KEYS[i]'s value. A key nobody held answers false, which Redis sends as nil.
const CLAIM_EACH = `local held = {}
for i = 1, #KEYS do held[i] = redis.call('SET', KEYS[i], ARGV[i + 1], 'NX', 'GET', 'EX', ARGV[1]) end
return held`;

// invalidate(): KEYS are the keys to tombstone, then the plain deletes, then the hashes, then each
// hash's tombstone; ARGV the tombstone, its TTL and the three counts.
const INVALIDATE = `local tombstoned, plain, hashes = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
for i = 1, tombstoned do redis.call('SET', KEYS[i], ARGV[1], 'EX', ARGV[2]) end
-- One DEL per key: unpack() of an import's many thousand codes would overflow Lua's stack.
for i = tombstoned + 1, tombstoned + plain do redis.call('DEL', KEYS[i]) end
for i = tombstoned + plain + 1, tombstoned + plain + hashes do
  redis.call('DEL', KEYS[i])
  redis.call('SET', KEYS[i + hashes], '1', 'EX', ARGV[2])
end
return 1`;

/** AbortSignal.timeout rejects with a DOMException named TimeoutError; the client may wrap it. */
function isTimeout(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 3; depth++) {
    if (current instanceof Error && (current.name === "TimeoutError" || /timed? ?out|aborted/i.test(current.message)))
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

// One client, one circuit and one invalidation queue per Redis endpoint, for the life of the isolate.
const clients = new Map<string, { redis: Redis; circuit: CircuitBreaker; invalidations?: InvalidationBatcher }>();

function clientFor(settings: RedisSettings) {
  const id = `${settings.url}\u0000${settings.token}`;
  let entry = clients.get(id);
  if (!entry) {
    entry = {
      redis: new Redis({
        url: settings.url,
        token: settings.token,
        retry: false,
        automaticDeserialization: false,
        enableTelemetry: false,
        // Each call is awaited on its own (the hot path makes one): batching them costs a pipeline
        // per call for nothing, about a sixth of a Redis hit's CPU when profiled.
        enableAutoPipelining: false,
        signal: () => AbortSignal.timeout(settings.timeoutMs),
      }),
      circuit: new CircuitBreaker(REDIS_CIRCUIT),
    };
    clients.set(id, entry);
  }
  return entry;
}

export class RedisStore {
  private readonly redis: Redis;
  private readonly circuit: CircuitBreaker;
  private readonly invalidations: InvalidationBatcher;

  /** `keepAlive`: the request's waitUntil, which carries an invalidation other writes may wait on. */
  constructor(
    private readonly settings: RedisSettings,
    private readonly keepAlive?: KeepAlive,
  ) {
    const entry = clientFor(settings);
    this.redis = entry.redis;
    this.circuit = entry.circuit;
    entry.invalidations ??= new InvalidationBatcher((change) => this.sendInvalidation(change));
    this.invalidations = entry.invalidations;
  }

  key(name: string): string {
    return `${this.settings.keyPrefix}${name}`;
  }

  circuitState(): CircuitState {
    return this.circuit.state();
  }

  /** Runs one Redis round trip under the timeout and the circuit; undefined on any failure. */
  private async call<T>(
    operation: string,
    run: (redis: Redis) => Promise<unknown>,
    accept: (reply: unknown) => reply is T,
  ) {
    if (!this.circuit.allow()) {
      incrementCounter(METRICS.redisRequests, { operation, result: "skipped" });
      return undefined;
    }
    const counters = dependencyCalls();
    counters.redis += 1;
    const startedAt = performance.now();
    let result: "ok" | "error" | "timeout" = "ok";
    try {
      // The client's signal (AbortSignal.timeout, one native timer) bounds the whole round trip,
      // body included; a second JavaScript timer raced against it cost 5 % of a Redis hit's CPU.
      const reply = await run(this.redis);
      if (!accept(reply)) throw new Error(`malformed reply to ${operation}`);
      this.circuit.recordSuccess();
      return reply;
    } catch (error) {
      result = isTimeout(error) ? "timeout" : "error";
      counters.redisFailures += 1;
      this.circuit.recordFailure();
      log("warn", "redis_call_failed", { operation, error: error instanceof Error ? error.message : String(error) });
      return undefined;
    } finally {
      incrementCounter(METRICS.redisRequests, { operation, result });
      observeHistogram(METRICS.redisRequestDuration, { operation }, (performance.now() - startedAt) / 1000);
    }
  }

  /** The value, null when absent (or tombstoned), undefined when Redis could not answer. */
  async get(name: string): Promise<string | null | undefined> {
    const reply = await this.call("get", (redis) => redis.get(this.key(name)), isStringOrNull);
    return reply === TOMBSTONE ? null : reply;
  }

  /** Stores a value unless the key exists (a fresher value or a tombstone). */
  async fill(name: string, value: string, ttlSeconds: number): Promise<void> {
    await this.call("fill", (redis) => redis.set(this.key(name), value, { nx: true, ex: ttlSeconds }), isSetReply);
  }

  /**
   * For each entry, in one round trip (one script): SET name value NX GET EX ttl. Returns what each key
   * held before (null: the key was new and now holds the value), or undefined when Redis could not answer.
   */
  async claimEach(entries: { name: string; value: string }[], ttlSeconds: number) {
    if (entries.length === 0) return [];
    return this.call(
      "claim",
      (redis) =>
        redis.eval(
          CLAIM_EACH,
          entries.map(({ name }) => this.key(name)),
          [ttlSeconds, ...entries.map(({ value }) => value)],
        ),
      (reply): reply is (string | null)[] =>
        Array.isArray(reply) && reply.length === entries.length && reply.every(isStringOrNull),
    );
  }

  /** Adds one to a counter, which expires `ttlSeconds` after its first count. */
  async countUp(name: string, ttlSeconds: number): Promise<void> {
    await this.call("count", (redis) => redis.eval(COUNT_UP, [this.key(name)], [ttlSeconds]), isInteger);
  }

  /** Several values in one round trip (null where absent), or undefined when Redis could not answer. */
  async getMany(names: string[]): Promise<(string | null)[] | undefined> {
    if (names.length === 0) return [];
    return this.call(
      "mget",
      (redis) => redis.mget<(string | null)[]>(...names.map((name) => this.key(name))),
      (reply): reply is (string | null)[] =>
        Array.isArray(reply) && reply.length === names.length && reply.every(isStringOrNull),
    );
  }

  async hashGet(name: string, field: string): Promise<string | null | undefined> {
    return this.call("hget", (redis) => redis.hget(this.key(name), field), isStringOrNull);
  }

  async hashFill(name: string, field: string, value: string, ttlSeconds: number): Promise<void> {
    await this.call(
      "hfill",
      (redis) =>
        redis.eval(
          FILL_HASH_UNLESS_TOMBSTONED,
          [this.key(name), this.key(`${name}:tombstone`)],
          [field, value, ttlSeconds],
        ),
      isInteger,
    );
  }

  /**
   * Replaces `keys` with tombstones (their old values may be read back by a fill in flight), deletes
   * `plainDeletes` (keys with no old value worth guarding) and drops hashes. Writes that finish while
   * another invalidation is on its way share the next round trip (cache/invalidation-batcher.ts).
   */
  async invalidate(keys: string[], hashes: string[] = [], plainDeletes: string[] = []): Promise<boolean> {
    if (keys.length === 0 && hashes.length === 0 && plainDeletes.length === 0) return true;
    // Full key names: the queue is the endpoint's, and stores on one endpoint may differ in prefix.
    const named = (names: string[]) => names.map((name) => this.key(name));
    return this.invalidations.submit(
      { keys: named(keys), hashes: named(hashes), plainDeletes: named(plainDeletes) },
      this.keepAlive,
    );
  }

  /**
   * One round trip for one or several writes' invalidations (full key names). One script rather than a pipeline:
   * building the client's pipeline object cost about an eighth of a link creation's CPU
   * (`npm run bench -- --profile create_url`).
   */
  private async sendInvalidation({ keys, hashes, plainDeletes }: Invalidation): Promise<boolean> {
    const scriptKeys = [...keys, ...plainDeletes, ...hashes, ...hashes.map((hash) => `${hash}:tombstone`)];
    const reply = await this.call(
      "invalidate",
      (redis) =>
        redis.eval(INVALIDATE, scriptKeys, [
          TOMBSTONE,
          TOMBSTONE_TTL_SECONDS,
          keys.length,
          plainDeletes.length,
          hashes.length,
        ]),
      isInteger,
    );
    return reply !== undefined;
  }

  /** Round-trip time of a PING in ms, or undefined when Redis does not answer. */
  async ping(): Promise<number | undefined> {
    const startedAt = performance.now();
    const reply = await this.call(
      "ping",
      (redis) => redis.ping(),
      (value): value is string => value === "PONG",
    );
    return reply === undefined ? undefined : performance.now() - startedAt;
  }
}

function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === "string";
}

/** SET ... NX: "OK" when stored, null when the key existed. */
function isSetReply(value: unknown): value is "OK" | null {
  return value === "OK" || value === null;
}

/** The fill script returns 1 (stored) or 0 (tombstoned). */
function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}
