// An isolate tier whose fills lose to writes. A lookup that started before a write in this isolate
// (its Redis read or Postgres query in flight, or its fill waiting for the response to go) must not
// put the old answer back after the write forgot it: Redis refuses such fills with its tombstones,
// and this does the same in memory. Each forget takes the next number of a counter rather than a
// time, since a Worker's clock stands still between I/O and two events may share a millisecond.
import { IsolateCache } from "./isolate-cache";

/** Where a lookup started: its fills are refused for keys forgotten since. */
export type LookupStart = number;

/** Longer than any lookup can take (Redis and Postgres calls are bounded well below it). */
const TOMBSTONE_TTL_MS = 60_000;

export class GuardedIsolateCache<V> {
  private readonly entries: IsolateCache<V>;
  private readonly forgottenAt: IsolateCache<number>;
  private forgets = 0;

  constructor(maxEntries: number) {
    this.entries = new IsolateCache<V>(maxEntries);
    this.forgottenAt = new IsolateCache<number>(maxEntries);
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Taken before a lookup's first I/O. */
  startLookup(): LookupStart {
    return this.forgets;
  }

  /** Keeps a lookup's answer, unless a write here forgot the key after the lookup started. */
  remember(key: string, value: V, ttlMs: number, startedAt: LookupStart): void {
    if ((this.forgottenAt.get(key) ?? -1) >= startedAt) return;
    this.entries.set(key, value, ttlMs);
  }

  forget(key: string): void {
    this.entries.delete(key);
    // A lookup that starts from now on sees the counter at this value or above, and may fill.
    this.forgottenAt.set(key, this.forgets++, TOMBSTONE_TTL_MS);
  }

  /** Test hook: start cold (tombstones stay: they only ever refuse stale fills). */
  clear(): void {
    this.entries.clear();
  }
}
