// What the click consumer adds to the rollups (db/schema/click-rollups.ts: hourly, daily, and the
// link's whole life) for the clicks it has just inserted. Plain SQL text with no imports: the consumer's statement and the benchmark's data set
// (scripts/bench.ts, which runs without a bundler) use the very same text.

/** The dimensions a rollup row counts by; "class" rows add up to the total. */
export const ROLLUP_DIMENSIONS = [
  "class",
  "unique",
  "country",
  "device",
  "referrer",
  "source",
  "rule",
  "variant",
] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

const addTo = (table: string, unit: "hour" | "day") => `
  ${table}_added AS (
    INSERT INTO ${table} AS rollup (url_id, bucket, dimension, key, clicks)
    SELECT url_id, date_trunc('${unit}', clicked_at, 'UTC'), dimension, key, count(*)::int
    FROM rollup_facts
    GROUP BY 1, 2, 3, 4
    -- One order for every batch: two consumers adding to the same rows lock them in the same order.
    ORDER BY 1, 3, 2, 4
    ON CONFLICT (url_id, dimension, bucket, key) DO UPDATE SET clicks = rollup.clicks + excluded.clicks
  )`;

/**
 * CTEs to follow a CTE named `inserted` that returns the new click rows (url_id, clicked_at,
 * click_class, is_unique, country, device_class, referrer_host, source, rule_index, variant_index).
 * Only rows the INSERT really added are counted, so a redelivered batch adds nothing; the raw rows
 * and the rollups commit together because they are one statement.
 */
export const ADD_TO_ROLLUPS = `
  rollup_facts AS (
    SELECT inserted.url_id, inserted.clicked_at, fact.dimension, fact.key
    FROM inserted
    CROSS JOIN LATERAL (VALUES
      ('class', inserted.click_class),
      ('unique', CASE WHEN inserted.is_unique THEN '' END),
      ('country', coalesce(inserted.country, '')),
      ('device', inserted.device_class),
      ('referrer', coalesce(inserted.referrer_host, '')),
      ('source', coalesce(inserted.source, '')),
      ('rule', coalesce(inserted.rule_index::text, '')),
      ('variant', CASE WHEN inserted.variant_index IS NOT NULL
                       THEN coalesce(inserted.rule_index::text, '') || ':' || inserted.variant_index END)
    ) AS fact (dimension, key)
    WHERE fact.key IS NOT NULL
  ),${addTo("click_rollups_hourly", "hour")},${addTo("click_rollups_daily", "day")},
  click_totals_added AS (
    INSERT INTO click_totals AS total (url_id, dimension, key, clicks)
    SELECT url_id, dimension, key, count(*)::int FROM rollup_facts GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (url_id, dimension, key) DO UPDATE SET clicks = total.clicks + excluded.clicks
  )`;

/** The columns `inserted` must return for ADD_TO_ROLLUPS. */
export const ROLLUP_SOURCE_COLUMNS =
  "url_id, clicked_at, click_class, is_unique, country, device_class, referrer_host, source, rule_index, variant_index";
