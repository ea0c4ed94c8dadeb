// Cache-aside read: answer from the cache when it can, else load, answer, and fill afterwards.
export interface ReadThrough<T> {
  fromCache: () => Promise<T | undefined>;
  load: () => Promise<T>;
  fill: (value: T) => Promise<void>;
  defer: (work: () => Promise<unknown>) => void;
}

export async function readThrough<T>({ fromCache, load, fill, defer }: ReadThrough<T>): Promise<T> {
  const cached = await fromCache();
  if (cached !== undefined) return cached;
  const value = await load();
  defer(() => fill(value));
  return value;
}
