// The clicks the url_stats scenarios read: 10,000,000 for one link and 10 for another, both created
// 90 days ago, so the two answer over the same window and differ only in what they count. Stats read
// the rollups, never the raw clicks, so the large link gets the rollups ten million clicks leave
// (written directly: storing the raw rows would take the bench ten minutes); the small link's clicks
// are stored and rolled up by the consumer's own SQL.
import { ADD_TO_ROLLUPS, ROLLUP_SOURCE_COLUMNS } from "../../../worker/services/clicks/click-rollups.ts";
import { type LinkLayout, STATS_LARGE_CLICKS, STATS_SMALL_CLICKS } from "./link-layout.ts";
import { say } from "./log.ts";
import { sql } from "./sql.ts";

/** Storing a million clicks takes a while: only worth it when a url_stats scenario runs. */
export const needsStatsClicks = (only: string[] | undefined) =>
  !only || only.some((name) => name.startsWith("url_stats"));

/**
 * Clicks of one link spread over the last 90 days, with a realistic spread of values (classes,
 * 25 countries, 3 devices, 40 referrer hosts, a tenth from QR codes), stored and rolled up by the
 * click consumer's own SQL (click-rollups.ts), as a batch of that size would be.
 */
async function storeBenchClicks(url: string, urlId: number, clicks: number) {
  await sql(
    url,
    `WITH inserted AS (
       INSERT INTO clicks (id, url_id, clicked_at, referrer_host, country, colo, device_class, click_class, source, is_unique)
       SELECT gen_random_uuid(), $1, now() - random() * interval '90 days',
              CASE WHEN random() < 0.3 THEN NULL ELSE 'site' || floor(random() * 40) || '.example.com' END,
              (ARRAY['US','DE','FR','GB','JP','BR','IN','CA','AU','NL','ES','IT','SE','PL','MX',
                     'KR','CH','AT','BE','DK','NO','FI','IE','PT','NZ'])[1 + floor(random() * 25)::int],
              'FRA', (ARRAY['desktop','mobile','tablet'])[1 + floor(random() * 3)::int], kind.kind,
              CASE WHEN random() < 0.1 THEN 'qr' END,
              CASE WHEN kind.kind = 'human' THEN random() < 0.6 END
       FROM generate_series(1, $2::int) AS i
       CROSS JOIN LATERAL (SELECT CASE WHEN i % 20 < 16 THEN 'human' WHEN i % 20 < 19 THEN 'bot' ELSE 'preview' END AS kind) AS kind
       RETURNING ${ROLLUP_SOURCE_COLUMNS}
     ), ${ADD_TO_ROLLUPS}
     SELECT 1`,
    [urlId, clicks],
  );
}

/** The spread of the raw clicks above, per rollup row of `n` clicks: the same values, about as often. */
const SPREAD_BREAKDOWNS = `jsonb_build_object(
  'country', (SELECT jsonb_object_agg(country, round(n / 25.0 * (0.8 + 0.4 * random()))::int)
              FROM unnest(ARRAY['US','DE','FR','GB','JP','BR','IN','CA','AU','NL','ES','IT','SE','PL','MX',
                                'KR','CH','AT','BE','DK','NO','FI','IE','PT','NZ']) AS country),
  'device', (SELECT jsonb_object_agg(device, round(n / 3.0 * (0.9 + 0.2 * random()))::int)
             FROM unnest(ARRAY['desktop','mobile','tablet']) AS device),
  'referrer', jsonb_build_object('', round(n * 0.3)::int) ||
              (SELECT jsonb_object_agg('site' || site || '.example.com', round(n * 0.7 / 40 * (0.8 + 0.4 * random()))::int)
               FROM generate_series(0, 39) AS site),
  'source', jsonb_build_object('', round(n * 0.9)::int, 'qr', round(n * 0.1)::int),
  'browser', jsonb_build_object('', n), 'os', jsonb_build_object('', n), 'rule', jsonb_build_object('', n))`;

/** Sums rollup rows per key (`keys`: the columns kept), breakdowns merged value by value. */
const SUMMED_ROLLUPS = (keys: string) => `
  SELECT ${keys}, sum(clicks)::int, sum(human)::int, sum(bot)::int, sum(preview)::int, 0, 0, sum("unique")::int,
         (SELECT jsonb_object_agg(dimension, counts) FROM (
            SELECT dimension, jsonb_object_agg(key, clicks) AS counts FROM (
              SELECT per_dimension.key AS dimension, per_value.key AS key, sum(per_value.value::int)::int AS clicks
              FROM unnest(array_agg(breakdowns)) AS row_breakdowns (b),
                   jsonb_each(row_breakdowns.b) AS per_dimension, jsonb_each_text(per_dimension.value) AS per_value
              GROUP BY 1, 2) AS per_value GROUP BY dimension) AS per_dimension)
  FROM click_rollups_hourly WHERE url_id = $1 GROUP BY ${keys}`;

/**
 * The rollups `clicks` clicks of one link over the last 90 days leave (ADR 14): an hourly row per hour
 * with about clicks/2,160 of them (half to one and a half times that), in the raw clicks' proportions of
 * classes and values; the daily rows and the whole-life totals their sums, as the consumer adds them.
 */
async function storeRollupsOnly(url: string, urlId: number, clicks: number) {
  await sql(
    url,
    `WITH hours AS (
       SELECT bucket, round($2::numeric / 2161 * (0.5 + random()))::int AS n
       FROM generate_series(date_trunc('hour', now() - interval '90 days', 'UTC'), date_trunc('hour', now(), 'UTC'),
                            interval '1 hour') AS bucket
     )
     INSERT INTO click_rollups_hourly (url_id, bucket, clicks, human, bot, preview, head, prefetch, "unique", breakdowns)
     SELECT $1, bucket, n, round(n * 0.8)::int, round(n * 0.15)::int, n - round(n * 0.8)::int - round(n * 0.15)::int,
            0, 0, round(n * 0.48)::int, ${SPREAD_BREAKDOWNS}
     FROM hours`,
    [urlId, clicks],
  );
  await sql(
    url,
    `INSERT INTO click_rollups_daily (url_id, bucket, clicks, human, bot, preview, head, prefetch, "unique", breakdowns)
     ${SUMMED_ROLLUPS("url_id, date_trunc('day', bucket, 'UTC')")}`,
    [urlId],
  );
  await sql(
    url,
    `INSERT INTO click_totals (url_id, clicks, human, bot, preview, head, prefetch, "unique", breakdowns)
     ${SUMMED_ROLLUPS("url_id")}`,
    [urlId],
  );
}

/** Stores both links' clicks with their rollups, and says how much room they take. */
export async function storeStatsClicks(databaseUrl: string, layout: LinkLayout): Promise<void> {
  say(`writing the rollups of ${STATS_LARGE_CLICKS} clicks of one link; storing ${STATS_SMALL_CLICKS} of another`);
  const startedAt = performance.now();
  await sql(databaseUrl, "UPDATE urls SET created_at = now() - interval '90 days' WHERE id IN ($1, $2)", [
    layout.statsLargeId,
    layout.statsSmallId,
  ]);
  await storeRollupsOnly(databaseUrl, layout.statsLargeId, STATS_LARGE_CLICKS);
  await storeBenchClicks(databaseUrl, layout.statsSmallId, STATS_SMALL_CLICKS);
  await sql(databaseUrl, "ANALYZE click_rollups_hourly; ANALYZE click_rollups_daily; ANALYZE click_totals");
  const sizes = await sql(
    databaseUrl,
    `SELECT relname AS table, pg_total_relation_size(oid) AS bytes,
            (SELECT count(*) FROM click_rollups_hourly) AS hourly_rows, (SELECT count(*) FROM click_rollups_daily) AS daily_rows,
            (SELECT sum(clicks) FROM click_totals WHERE url_id = $1) AS large_clicks
     FROM pg_class WHERE relname IN ('click_rollups_hourly', 'click_rollups_daily', 'click_totals')`,
    [layout.statsLargeId],
  );
  say(`written in ${Math.round((performance.now() - startedAt) / 1000)} s; on disk, indexes included:`);
  for (const row of sizes.rows) say(`  ${row.table}: ${(Number(row.bytes) / 1048576).toFixed(1)} MiB`);
  say(
    `  rollup rows: ${sizes.rows[0]?.hourly_rows} hourly, ${sizes.rows[0]?.daily_rows} daily; the large link's totals: ${sizes.rows[0]?.large_clicks} clicks`,
  );
}
