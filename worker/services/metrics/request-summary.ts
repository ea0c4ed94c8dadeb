// The numbers behind GET /metrics: the seed's sliding-window request counts, plus uptime and
// redirect cache hit ratios over the same window, all from the shards' per-minute counts.

import { metricsStartedAt, sumMinutes } from "../../observability/metrics/aggregate";
import type { MinuteSums } from "../../observability/metrics/shard-types";
import { slidingWindowSums, windowMinutes } from "../../observability/metrics/sliding-window";

export const SUMMARY_WINDOW_SECONDS = 120;

export interface RequestSummary {
  requests: { total: number; errors: number; error_rate: number; window_seconds: number };
  uptime_seconds: number;
  cache: {
    window_seconds: number;
    redirect_lookups: number;
    hit_ratio: { isolate: number | null; redis: number | null; overall: number | null };
  };
}

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/** Pure: the summary from window sums (tested on its own). */
export function summarise(sums: MinuteSums, startedAt: number | null, nowMs: number): RequestSummary {
  const total = Math.round(sums.requests ?? 0);
  const errors = Math.round(sums.errors ?? 0);
  const isolate = sums.tier_isolate ?? 0;
  const redis = sums.tier_redis ?? 0;
  const lookups = isolate + redis + (sums.tier_database ?? 0);
  return {
    requests: {
      total,
      errors,
      error_rate: ratio(errors, total) ?? 0,
      window_seconds: SUMMARY_WINDOW_SECONDS,
    },
    uptime_seconds: startedAt === null ? 0 : Math.max(0, Math.round((nowMs - startedAt) / 1000)),
    cache: {
      window_seconds: SUMMARY_WINDOW_SECONDS,
      redirect_lookups: Math.round(lookups),
      hit_ratio: {
        isolate: ratio(isolate, lookups),
        // Of the lookups the isolate could not answer, the share Redis answered.
        redis: ratio(redis, lookups - isolate),
        overall: ratio(isolate + redis, lookups),
      },
    },
  };
}

export async function requestSummary(env: Env, nowMs = Date.now()): Promise<RequestSummary> {
  const [perMinute, startedAt] = await Promise.all([
    sumMinutes(env, windowMinutes(nowMs, SUMMARY_WINDOW_SECONDS)),
    metricsStartedAt(env),
  ]);
  return summarise(slidingWindowSums(nowMs, SUMMARY_WINDOW_SECONDS, perMinute), startedAt, nowMs);
}
