// The clicks the url_stats scenarios read: 1,000,000 for one link and 10 for another, both created
// 90 days ago, so the two answer over the same window and differ only in what they count.
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

/** Stores both links' clicks with their rollups, and says how much room they take. */
export async function storeStatsClicks(databaseUrl: string, layout: LinkLayout): Promise<void> {
  say(`storing ${STATS_LARGE_CLICKS} clicks of one link and ${STATS_SMALL_CLICKS} of another, with their rollups`);
  const startedAt = performance.now();
  await sql(databaseUrl, "UPDATE urls SET created_at = now() - interval '90 days' WHERE id IN ($1, $2)", [
    layout.statsLargeId,
    layout.statsSmallId,
  ]);
  for (let stored = 0; stored < STATS_LARGE_CLICKS; stored += 100_000) {
    await storeBenchClicks(databaseUrl, layout.statsLargeId, Math.min(100_000, STATS_LARGE_CLICKS - stored));
  }
  await storeBenchClicks(databaseUrl, layout.statsSmallId, STATS_SMALL_CLICKS);
  await sql(databaseUrl, "ANALYZE clicks; ANALYZE click_rollups_hourly; ANALYZE click_rollups_daily");
  const sizes = await sql(
    databaseUrl,
    `SELECT relname AS table, pg_total_relation_size(oid) AS bytes,
            (SELECT count(*) FROM click_rollups_hourly) AS hourly_rows, (SELECT count(*) FROM click_rollups_daily) AS daily_rows
     FROM pg_class WHERE relname IN ('clicks', 'click_rollups_hourly', 'click_rollups_daily', 'click_totals')`,
  );
  say(`stored in ${Math.round((performance.now() - startedAt) / 1000)} s; on disk, indexes included:`);
  for (const row of sizes.rows) say(`  ${row.table}: ${(Number(row.bytes) / 1048576).toFixed(1)} MiB`);
  say(`  rollup rows: ${sizes.rows[0]?.hourly_rows} hourly, ${sizes.rows[0]?.daily_rows} daily`);
}
