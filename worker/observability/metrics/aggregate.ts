// Reads the aggregated metrics from every shard: one Durable Object call per shard, counted.
import type { MinuteRange, MinuteSums, StoredSeries } from "../../durable-objects/metrics-shard";
import { dependencyCalls } from "../dependency-calls";
import { METRICS_SHARDS, shardStub } from "./flush";

function everyShard<T>(env: Env, call: (shard: ReturnType<typeof shardStub>) => Promise<T>): Promise<T[]> {
  return Promise.all(
    Array.from({ length: METRICS_SHARDS }, (_, shard) => {
      dependencyCalls().durableObject += 1;
      return call(shardStub(env, shard));
    }),
  );
}

export function readAllSeries(env: Env): Promise<StoredSeries[][]> {
  return everyShard(env, (shard) => shard.read());
}

/** Per range, the per-minute counts summed over every shard. */
export async function sumMinutes(env: Env, ranges: MinuteRange[]): Promise<MinuteSums[]> {
  const perShard = await everyShard(env, (shard) => shard.minuteSums(ranges));
  return ranges.map((_, index) => {
    const merged: MinuteSums = {};
    for (const shardSums of perShard) {
      for (const [name, value] of Object.entries(shardSums[index] ?? {})) merged[name] = (merged[name] ?? 0) + value;
    }
    return merged;
  });
}

/** When the first metrics of this deployment reached a shard (epoch ms), or null. */
export async function metricsStartedAt(env: Env): Promise<number | null> {
  const firsts = (await everyShard(env, (shard) => shard.firstFlushAt())).filter((at): at is number => at !== null);
  return firsts.length > 0 ? Math.min(...firsts) : null;
}

/** Per minute in the range, every count summed over the shards. */
export async function minuteHistory(env: Env, fromMinute: number, toMinute: number): Promise<Map<number, MinuteSums>> {
  const perShard = await everyShard(env, (shard) => shard.minuteRows(fromMinute, toMinute));
  const byMinute = new Map<number, MinuteSums>();
  for (const rows of perShard) {
    for (const { minute, name, value } of rows) {
      const sums = byMinute.get(minute) ?? {};
      sums[name] = (sums[name] ?? 0) + value;
      byMinute.set(minute, sums);
    }
  }
  return byMinute;
}
