// Which buckets a stats request covers. Bounds are rounded outwards to the granularity (from down,
// to up), so a bucket is always counted whole; the window is bounded so an answer's size is too.
import { badRequest } from "../../lib/errors";
import { BUCKET_MS, type Granularity, type StatsWindow } from "./url-stats";

/** At most 31 days of hours, 10 years of days. */
export const MAX_BUCKETS: Record<Granularity, number> = { hour: 31 * 24, day: 3660 };
/** An hourly window without `from` covers the last 48 hours. */
const DEFAULT_HOURS = 48;

export interface StatsQuery {
  from?: Date | undefined;
  to?: Date | undefined;
  granularity?: Granularity | undefined;
}

const floorTo = (time: number, size: number) => Math.floor(time / size) * size;
const ceilTo = (time: number, size: number) => Math.ceil(time / size) * size;

/**
 * The window of a request. Without `to`: up to the end of the current bucket. Without `from`: the
 * link's whole life (day: since it was created, or its first click if earlier), or the last 48 hours
 * (hour). An explicit window is at most MAX_BUCKETS long.
 */
export function resolveStatsWindow(query: StatsQuery, createdAt: Date | string, now: number): StatsWindow {
  const granularity = query.granularity ?? "day";
  const size = BUCKET_MS[granularity];
  const longest = MAX_BUCKETS[granularity];
  const to = query.to ? ceilTo(query.to.getTime(), size) : floorTo(now, size) + size;
  const wholeLife = granularity === "day" && !query.from && !query.to;
  let from: number;
  if (query.from) from = floorTo(query.from.getTime(), size);
  else if (granularity === "hour") from = to - DEFAULT_HOURS * size;
  else from = Math.min(floorTo(new Date(createdAt).getTime(), size), to - size);
  if (from >= to) throw badRequest("from must be before to");
  if (!wholeLife && (to - from) / size > longest) {
    throw badRequest(
      granularity === "hour"
        ? `an hourly window is at most ${longest} hours (31 days): narrow from and to, or use granularity=day`
        : `a daily window is at most ${longest} days`,
    );
  }
  return { from: new Date(from), to: new Date(to), granularity, wholeLife };
}
