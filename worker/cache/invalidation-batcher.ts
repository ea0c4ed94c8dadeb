// Group commit for cache invalidations: while one invalidation is on its way to Redis, the writes
// that finish meanwhile in the same isolate queue theirs, and the first of them to see the way clear
// sends them all in one round trip. Idle, a write's invalidation goes at once, as before; under load
// (many creations in flight in one isolate) the round trips per write fall with the concurrency.
//
// Every entry is sent after it was queued, and its write had finished before it was queued: a read
// after the response still sees the write. The round trip is made by a request that is still waiting
// for it, and handed to that request's waitUntil: should its client go away mid-flight, the trip still
// settles, so the other writes waiting on it are never left hanging (and need no timer of their own).

/** What one write asks Redis to forget (RedisStore.invalidate's three lists). */
export interface Invalidation {
  /** Keys replaced by a tombstone. */
  keys: string[];
  /** List hashes dropped (and tombstoned). */
  hashes: string[];
  /** Keys deleted without a tombstone (a created code's "unknown"). */
  plainDeletes: string[];
}

interface Entry {
  change: Invalidation;
  sent?: Promise<boolean>;
}

export type SendInvalidation = (change: Invalidation) => Promise<boolean>;

/** Several writes' invalidations as one: a key tombstoned by any of them is never merely deleted. */
export function mergeInvalidations(changes: Invalidation[]): Invalidation {
  const keys = new Set<string>();
  const hashes = new Set<string>();
  const plainDeletes = new Set<string>();
  for (const change of changes) {
    for (const key of change.keys) keys.add(key);
    for (const hash of change.hashes) hashes.add(hash);
    for (const key of change.plainDeletes) plainDeletes.add(key);
  }
  for (const key of keys) plainDeletes.delete(key);
  return { keys: [...keys], hashes: [...hashes], plainDeletes: [...plainDeletes] };
}

/** Keeps a promise's request alive until it settles (the request's waitUntil). */
export type KeepAlive = (work: Promise<unknown>) => void;

export class InvalidationBatcher {
  private queue: Entry[] = [];
  private inFlight: Promise<boolean> | undefined;

  constructor(private readonly send: SendInvalidation) {}

  /** Resolves once Redis has applied this change (true), or could not be reached (false). */
  async submit(change: Invalidation, keepAlive?: KeepAlive): Promise<boolean> {
    const entry: Entry = { change };
    this.queue.push(entry);
    while (entry.sent === undefined) {
      const current = this.inFlight;
      // The way is clear: this request sends everything queued, its own entry included.
      if (current === undefined) return this.sendQueued(keepAlive);
      await current;
    }
    // Another request sent this entry with its batch.
    return entry.sent;
  }

  /** Whether a round trip is on its way now: for tests. */
  get sending(): boolean {
    return this.inFlight !== undefined;
  }

  private sendQueued(keepAlive: KeepAlive | undefined): Promise<boolean> {
    const batch = this.queue;
    this.queue = [];
    const sent = this.send(mergeInvalidations(batch.map((entry) => entry.change))).catch(() => false);
    const tracked = sent.finally(() => {
      if (this.inFlight === tracked) this.inFlight = undefined;
    });
    this.inFlight = tracked;
    keepAlive?.(tracked);
    for (const entry of batch) entry.sent = tracked;
    return tracked;
  }
}
