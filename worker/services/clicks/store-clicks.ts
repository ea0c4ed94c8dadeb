// The click consumer's one write: each batch is one idempotent INSERT (the key is the click's id and
// time, both fixed by the redirect: the table is partitioned by day), so a redelivered batch adds
// nothing; clicks of codes that no longer exist are dropped by the join.
// The same statement adds the new human clicks to each link's clicks_used (what max_clicks and
// clicks_remaining count), and the hourly and daily rollups that stats and per-link alerts read
// (click-rollups.ts), so the counts and the rows can never disagree.
import { sql } from "drizzle-orm";
import type { Config } from "../../config/env";
import { lazyDatabase } from "../lazy-database";
import type { ClickMessage } from "./click";
import { ADD_TO_ROLLUPS, ROLLUP_SOURCE_COLUMNS } from "./click-rollups";

/** A click as the consumer stores it: the message, and whether it is a unique visitor's. */
export type StoredClick = Omit<ClickMessage, "visitor"> & { unique: boolean | null };

export interface StoredClicks {
  /** Rows that were new. */
  stored: number;
  /** Capped links whose clicks_used grew: their cached API responses show an old clicks_remaining. */
  cappedUrlIds: number[];
}

/** Stores a batch of clicks in one statement. */
export async function storeClicks(config: Config, clicks: StoredClick[]): Promise<StoredClicks> {
  const { database, closer } = lazyDatabase(config);
  try {
    const rows = JSON.stringify(clicks);
    // Clicks of codes that no longer exist are dropped by the join.
    const result = await database().execute<{ stored: number; capped: number[] | null }>(sql`
      WITH inserted AS (
        INSERT INTO clicks (id, url_id, clicked_at, referrer_host, country, colo, device_class, browser, os,
                            click_class, rule_index, variant_index, source, is_unique)
        SELECT v.id::uuid, u.id, v.at::timestamptz, v."referrerHost", v.country, v.colo, v.device, v.browser, v.os,
               v.kind, v.rule, v.variant, v.source, v.unique
        -- A field a message lacks (one queued before browsers were recorded, say) is null.
        FROM jsonb_to_recordset(${rows}::jsonb) AS v(id text, url integer, code text, at text,
             "referrerHost" text, country text, colo text, device text, browser text, os text, kind text,
             rule smallint, variant smallint, source text, "unique" boolean)
        -- A click names its link by id; one queued before custom domains, by its code on the default domain.
        JOIN urls u ON u.id = coalesce(v.url,
          (SELECT d.id FROM urls d WHERE coalesce(d.domain_id, 0) = 0 AND d.short_code = v.code))
        ON CONFLICT (id, clicked_at) DO NOTHING
        RETURNING ${sql.raw(ROLLUP_SOURCE_COLUMNS)}
      ), ${sql.raw(ADD_TO_ROLLUPS)}, used AS (
        UPDATE urls SET clicks_used = urls.clicks_used + human.clicks
        FROM (SELECT url_id, count(*)::int AS clicks FROM inserted WHERE click_class = 'human' GROUP BY url_id) AS human
        WHERE urls.id = human.url_id
        RETURNING urls.id, urls.max_clicks
      )
      SELECT (SELECT count(*)::int FROM inserted) AS stored,
             (SELECT array_agg(id) FROM used WHERE max_clicks IS NOT NULL) AS capped`);
    const [row] = result.rows;
    return { stored: Number(row?.stored ?? 0), cappedUrlIds: (row?.capped ?? []).map(Number) };
  } finally {
    await closer()?.().catch(() => undefined);
  }
}
