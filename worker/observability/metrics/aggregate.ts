// Reads the aggregated metrics from every shard: one Durable Object call per shard, counted.

import { AppError } from "../../lib/errors";
import { dependencyCalls } from "../dependency-calls";
import { log } from "../logger";
import { METRICS_SHARDS, shardStub } from "./flush";
import type { MinuteRange, MinuteSums, StoredSeries } from "./shard-types";

/** One call per shard; a shard that cannot answer makes the read a 503, not a 500. */
async function everyShard<T>(env: Env, call: (shard: ReturnType<typeof shardStub>) => Promise<T>): Promise<T[]> {
  try {
    return await Promise.all(
      Array.from({ length: METRICS_SHARDS }, (_, shard) => {
        dependencyCalls().durableObject += 1;
        return call(shardStub(env, shard));
      }),
    );
  } catch (error) {
    log("warn", "metrics_read_failed", { error: String(error) });
    throw new AppError("SERVICE_UNAVAILABLE", "metrics storage unavailable");
  }
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
