// A sliding window over per-minute counts, the way sliding-window rate limiters estimate it:
// the minutes wholly inside the window count in full, the oldest one (which the window only
// partly covers) in proportion to its overlap. Exact when traffic is even within that minute.

import { MINUTE_MS } from "./minute-window";
import type { MinuteRange, MinuteSums } from "./shard-types";

/** One range per minute, newest first: the current minute and the ones the window reaches. */
export function windowMinutes(nowMs: number, windowSeconds: number): MinuteRange[] {
  const current = Math.floor(nowMs / MINUTE_MS);
  const reach = Math.ceil(windowSeconds / 60);
  return Array.from({ length: reach + 1 }, (_, back) => ({ fromMinute: current - back, toMinute: current - back }));
}

/** The estimate of each count over the window, from windowMinutes' per-minute sums. */
export function slidingWindowSums(nowMs: number, windowSeconds: number, perMinute: MinuteSums[]): MinuteSums {
  const windowStart = nowMs - windowSeconds * 1000;
  const current = Math.floor(nowMs / MINUTE_MS);
  const sums: MinuteSums = {};
  perMinute.forEach((minuteSums, back) => {
    const minuteStart = (current - back) * MINUTE_MS;
    const covered = Math.min(nowMs, minuteStart + MINUTE_MS) - Math.max(windowStart, minuteStart);
    // The current minute is only partly elapsed, and all of it is inside the window.
    const weight = back === 0 ? 1 : Math.max(0, Math.min(1, covered / MINUTE_MS));
    for (const [name, value] of Object.entries(minuteSums)) sums[name] = (sums[name] ?? 0) + value * weight;
  });
  return sums;
}
