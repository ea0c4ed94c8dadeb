// A batch's clicks summed per link and bucket in the consumer, before the upsert: what the rollup
// tables gain (click-rollups.ts). A viral link's 10,000 clicks in a batch become one row per table,
// and Postgres merges a few sums instead of grouping every click's eight facts. Pure: the same
// keys as the SQL that sums the inserted rows when a batch is only partly new (a redelivery).
import { DAY_MS, HOUR_MS } from "../../lib/time";
import { type BreakdownDimension, CLASS_COLUMNS } from "./click-rollups";
import type { StoredClick } from "./store-clicks";

export type ClassColumn = (typeof CLASS_COLUMNS)[number];

/** What one rollup row gains: the columns of db/schema/click-rollups.ts. */
export interface RollupDelta {
  urlId: number;
  /** The bucket's start (ISO), or null in the whole-life totals. */
  bucket: string | null;
  clicks: number;
  classes: Record<ClassColumn, number>;
  unique: number;
  breakdowns: Partial<Record<BreakdownDimension, Record<string, number>>>;
}

export interface BatchAggregates {
  hourly: RollupDelta[];
  daily: RollupDelta[];
  totals: RollupDelta[];
}

/** The value a click adds under each dimension ("" for none), as the SQL's rollup_facts name it. */
export function factsOf(click: StoredClick): [BreakdownDimension, string][] {
  const rule = click.rule ?? null;
  const variant = click.variant ?? null;
  const facts: [BreakdownDimension, string][] = [
    ["country", click.country ?? ""],
    ["device", click.device],
    ["browser", click.browser ?? ""],
    ["os", click.os ?? ""],
    ["referrer", click.referrerHost ?? ""],
    ["source", click.source ?? ""],
    ["rule", rule === null ? "" : String(rule)],
  ];
  if (variant !== null) facts.push(["variant", `${rule ?? ""}:${variant}`]);
  return facts;
}

function emptyDelta(urlId: number, bucket: string | null): RollupDelta {
  const classes = Object.fromEntries(CLASS_COLUMNS.map((kind) => [kind, 0])) as Record<ClassColumn, number>;
  return { urlId, bucket, clicks: 0, classes, unique: 0, breakdowns: {} };
}

function add(delta: RollupDelta, click: StoredClick): void {
  delta.clicks += 1;
  delta.classes[click.kind] += 1;
  if (click.unique === true) delta.unique += 1;
  for (const [dimension, key] of factsOf(click)) {
    const counts = delta.breakdowns[dimension] ?? {};
    counts[key] = (counts[key] ?? 0) + 1;
    delta.breakdowns[dimension] = counts;
  }
}

const bucketStart = (at: number, size: number) => new Date(Math.floor(at / size) * size).toISOString();

/**
 * The batch's sums per (link, hour), (link, day) and link, each list ordered by its key: every batch
 * locks the rows it upserts in the same order, so two consumers never deadlock. Clicks without a link
 * id (queued before custom domains) cannot be summed here: the caller leaves those batches to SQL.
 */
export function aggregateClicks(clicks: StoredClick[]): BatchAggregates {
  const hourly = new Map<string, RollupDelta>();
  const daily = new Map<string, RollupDelta>();
  const totals = new Map<number, RollupDelta>();
  for (const click of clicks) {
    if (click.url === undefined) throw new Error("a click without its link's id cannot be summed by link");
    const at = Date.parse(click.at);
    const hour = bucketStart(at, HOUR_MS);
    const day = bucketStart(at, DAY_MS);
    const hourKey = `${click.url} ${hour}`;
    const dayKey = `${click.url} ${day}`;
    if (!hourly.has(hourKey)) hourly.set(hourKey, emptyDelta(click.url, hour));
    if (!daily.has(dayKey)) daily.set(dayKey, emptyDelta(click.url, day));
    if (!totals.has(click.url)) totals.set(click.url, emptyDelta(click.url, null));
    add(hourly.get(hourKey) as RollupDelta, click);
    add(daily.get(dayKey) as RollupDelta, click);
    add(totals.get(click.url) as RollupDelta, click);
  }
  const byKey = (a: RollupDelta, b: RollupDelta) => a.urlId - b.urlId || (a.bucket ?? "").localeCompare(b.bucket ?? "");
  return {
    hourly: [...hourly.values()].sort(byKey),
    daily: [...daily.values()].sort(byKey),
    totals: [...totals.values()].sort(byKey),
  };
}
