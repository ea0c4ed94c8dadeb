// What the click consumer adds to the rollups (db/schema/click-rollups.ts: hourly, daily, and the
// link's whole life) for the clicks it has just inserted. Plain SQL text with no imports: the
// consumer's statement, the migration's backfill and the benchmark's data set (scripts/bench.ts,
// which runs without a bundler) use the very same text.

/** The dimensions of a rollup row's `breakdowns`; classes and unique clicks are columns. */
export const BREAKDOWN_DIMENSIONS = [
  "country",
  "device",
  "browser",
  "os",
  "referrer",
  "source",
  "rule",
  "variant",
] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

/** The click classes, each a column of every rollup row. */
export const CLASS_COLUMNS = ["human", "bot", "preview", "head", "prefetch"] as const;

/** The count columns of a rollup row, quoted ("unique" is a keyword), in their order. */
export const COUNTS = ["clicks", ...CLASS_COLUMNS, "unique"].map((column) => `"${column}"`).join(", ");

/**
 * An upsert's merge into the row it met (aliased `rollup`): counts added, breakdowns added value by
 * value by linkscope_add_counts ({"country": {"DE": 1}} + {"country": {"DE": 2, "FR": 1}} =
 * {"country": {"DE": 3, "FR": 1}}), which the migrations create (db/migrations/0024_faster_count_merge.sql).
 */
export function mergeOnConflict(keys: string): string {
  const sums = ["clicks", ...CLASS_COLUMNS, "unique"]
    .map((column) => `"${column}" = rollup."${column}" + excluded."${column}"`)
    .join(", ");
  return `ON CONFLICT (${keys}) DO UPDATE SET ${sums},
      breakdowns = linkscope_add_counts(rollup.breakdowns, excluded.breakdowns)`;
}

/**
 * The CTEs that add the new clicks to one table: `bucket` is the bucket expression over clicked_at
 * (null for the whole-life totals, which have no bucket but a shard: `shard`, an SQL expression).
 */
function addTo(table: string, bucket: string | null, source: string, shard?: string) {
  const keys = bucket ? "url_id, bucket" : "url_id";
  const rowKeys = shard === undefined ? keys : `${keys}, shard`;
  const shardValue = shard === undefined ? "" : `, ${shard}`;
  const bucketColumn = bucket ? `${bucket} AS bucket, ` : "";
  const classCounts = CLASS_COLUMNS.map(
    (kind) => `count(*) FILTER (WHERE click_class = '${kind}')::int AS "${kind}"`,
  ).join(", ");
  return `
  ${table}_counts AS (
    SELECT url_id, ${bucketColumn}count(*)::int AS clicks, ${classCounts},
           count(*) FILTER (WHERE is_unique)::int AS "unique"
    FROM ${source} GROUP BY ${keys}
  ),
  ${table}_values AS (
    SELECT ${keys}, jsonb_object_agg(dimension, counts) AS breakdowns
    FROM (
      SELECT ${keys}, dimension, jsonb_object_agg(key, clicks) AS counts
      FROM (SELECT url_id, ${bucketColumn}dimension, key, count(*)::int AS clicks
            FROM rollup_facts GROUP BY ${keys}, dimension, key) AS per_value
      GROUP BY ${keys}, dimension
    ) AS per_dimension
    GROUP BY ${keys}
  ),
  ${table}_added AS (
    INSERT INTO ${table} AS rollup (${rowKeys}, ${COUNTS}, breakdowns)
    SELECT ${keys}${shardValue}, ${COUNTS}, breakdowns FROM ${table}_counts JOIN ${table}_values USING (${keys})
    -- One order for every batch: two consumers adding to the same rows lock them in the same order.
    ORDER BY ${keys}
    ${mergeOnConflict(rowKeys)}
  )`;
}

/**
 * CTEs that add the click rows of the CTE named `source` (ROLLUP_SOURCE_COLUMNS) to the rollups. The
 * consumer's source is the rows its INSERT really added, so a redelivered batch adds nothing; the raw
 * rows and the rollups commit together because they are one statement. `shard`: the SQL expression of
 * the click_totals shard the counts go to (db/schema/click-rollups.ts).
 */
export function addToRollupsFrom(source: string, shard = "0"): string {
  return `
  rollup_facts AS (
    SELECT ${source}.url_id, ${source}.clicked_at, fact.dimension, fact.key
    FROM ${source}
    CROSS JOIN LATERAL (VALUES
      ('country', coalesce(${source}.country, '')),
      ('device', ${source}.device_class),
      ('browser', coalesce(${source}.browser, '')),
      ('os', coalesce(${source}.os, '')),
      ('referrer', coalesce(${source}.referrer_host, '')),
      ('source', coalesce(${source}.source, '')),
      ('rule', coalesce(${source}.rule_index::text, '')),
      ('variant', CASE WHEN ${source}.variant_index IS NOT NULL
                       THEN coalesce(${source}.rule_index::text, '') || ':' || ${source}.variant_index END)
    ) AS fact (dimension, key)
    WHERE fact.key IS NOT NULL
  ),${addTo("click_rollups_hourly", "date_trunc('hour', clicked_at, 'UTC')", source)},${addTo(
    "click_rollups_daily",
    "date_trunc('day', clicked_at, 'UTC')",
    source,
  )},${addTo("click_totals", null, source, shard)}`;
}

/** The rollups CTEs over a CTE named `inserted` (the migration's backfill and the bench's data set). */
export const ADD_TO_ROLLUPS = addToRollupsFrom("inserted");

/** The columns the source of addToRollupsFrom must have. */
export const ROLLUP_SOURCE_COLUMNS =
  "url_id, clicked_at, click_class, is_unique, country, device_class, browser, os, referrer_host, source, rule_index, variant_index";
