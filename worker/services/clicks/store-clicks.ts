// The click consumer's one write: each batch is one idempotent INSERT (the key is the click's id and
// time, both fixed by the redirect: the table is partitioned by day), so a redelivered batch adds
// nothing; clicks of links that no longer exist are dropped by the join. The clicks travel as one
// array per column (unnest): Postgres parses ten thousand clicks as fifteen arrays, not as JSON.
// The same statement adds the new clicks to the hourly and daily rollups and the link's totals
// (click-rollups.ts), and the human ones to each capped link's clicks_used (what max_clicks and
// clicks_remaining count) or, for any other link, to its pending counts (click-count-deltas.ts), so
// the counts and the rows can never disagree. The rollups' sums come
// from the consumer (click-aggregates.ts) when every click of the batch was new, which is the rule;
// when some were stored already (a redelivery), Postgres sums the rows it really inserted instead.
import { type SQL, sql } from "drizzle-orm";
import { CLICK_COUNT_SHARDS } from "../../../db/schema/click-rollups";
import type { Config } from "../../config/env";
import { lazyDatabase } from "../lazy-database";
import type { ClickMessage } from "./click";
import { aggregateClicks, type RollupDelta } from "./click-aggregates";
import { addToRollupsFrom, CLASS_COLUMNS, COUNTS, mergeOnConflict, ROLLUP_SOURCE_COLUMNS } from "./click-rollups";

/** A click as the consumer stores it: the message, and whether it is a unique visitor's. */
export type StoredClick = Omit<ClickMessage, "visitor"> & { unique: boolean | null };

export interface StoredClicks {
  /** Rows that were new. */
  stored: number;
  /** Capped links whose clicks_used grew: their cached API responses show an old clicks_remaining. */
  cappedUrlIds: number[];
}

const array = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;

/** unnest's columns of a click: name, Postgres type, and the value. */
const CLICK_COLUMNS: [name: string, type: string, value: (click: StoredClick) => unknown][] = [
  ["id", "uuid", (click) => click.id],
  ["url", "int", (click) => click.url ?? null],
  ["code", "text", (click) => click.code],
  ["at", "timestamptz", (click) => click.at],
  ["referrer_host", "text", (click) => click.referrerHost],
  ["country", "text", (click) => click.country],
  ["colo", "text", (click) => click.colo],
  ["device", "text", (click) => click.device],
  ["browser", "text", (click) => click.browser ?? null],
  ["os", "text", (click) => click.os ?? null],
  ["kind", "text", (click) => click.kind],
  ["rule", "smallint", (click) => click.rule ?? null],
  ["variant", "smallint", (click) => click.variant ?? null],
  ["source", "text", (click) => click.source ?? null],
  ["is_unique", "boolean", (click) => click.unique],
];

/** The batch's clicks as unnest's rows `v`, one array per column. */
function clickRows(clicks: StoredClick[]): SQL {
  const arrays = CLICK_COLUMNS.map(([, type, value]) => array(clicks.map(value), type));
  const names = CLICK_COLUMNS.map(([name]) => name).join(", ");
  return sql`unnest(${sql.join(arrays, sql`, `)}) AS v(${sql.raw(names)})`;
}

/** A rollup row's key beside url_id: its bucket (the hourly and daily rollups), or the totals' shard. */
type SecondKey = { column: "bucket" } | { column: "shard"; shard: number };

/**
 * The CTE that adds the consumer's sums to one rollup table, when `every_click_new` says so. The
 * sums come ordered by key (click-aggregates.ts) and unnest keeps that order: every batch locks the
 * rows in the same order, so two consumers never deadlock.
 */
function addSums(table: string, deltas: RollupDelta[], second: SecondKey): SQL {
  const keys = `url_id, ${second.column}`;
  const column = (value: (delta: RollupDelta) => unknown, type: string) => array(deltas.map(value), type);
  const columns = [
    column((delta) => delta.urlId, "int"),
    second.column === "bucket"
      ? column((delta) => delta.bucket, "timestamptz")
      : column(() => second.shard, "smallint"),
    column((delta) => delta.clicks, "int"),
    ...CLASS_COLUMNS.map((kind) => column((delta) => delta.classes[kind], "int")),
    column((delta) => delta.unique, "int"),
    column((delta) => JSON.stringify(delta.breakdowns), "jsonb"),
  ];
  return sql`${sql.raw(table)}_summed AS (
    INSERT INTO ${sql.raw(table)} AS rollup (${sql.raw(keys)}, ${sql.raw(COUNTS)}, breakdowns)
    SELECT * FROM unnest(${sql.join(columns, sql`, `)})
    WHERE (SELECT every_click_new FROM batch_outcome)
    ${sql.raw(mergeOnConflict(keys))}
  )`;
}

/** The shard a batch adds its whole-life counts to: any, so two batches of a viral link rarely meet. */
export const randomShard = () => Math.floor(Math.random() * CLICK_COUNT_SHARDS);

/**
 * The one statement that stores a batch (not empty): it answers `stored` and `capped` (StoredClicks).
 * `shard`: where its whole-life counts and uncapped links' human clicks go (ADR 26).
 */
export function storeClicksStatement(clicks: StoredClick[], shard = randomShard()): SQL {
  // A click queued before custom domains names its link by code alone: such a batch is summed by SQL.
  const summable = clicks.every((click) => click.url !== undefined);
  const sums = summable ? aggregateClicks(clicks) : { hourly: [], daily: [], totals: [] };
  return sql`
      WITH inserted AS (
        INSERT INTO clicks (id, url_id, clicked_at, referrer_host, country, colo, device_class, browser, os,
                            click_class, rule_index, variant_index, source, is_unique)
        SELECT v.id, u.id, v.at, v.referrer_host, v.country, v.colo, v.device, v.browser, v.os,
               v.kind, v.rule, v.variant, v.source, v.is_unique
        FROM ${clickRows(clicks)}
        -- A click names its link by id; one queued before custom domains, by its code on the default domain.
        JOIN urls u ON u.id = coalesce(v.url,
          (SELECT d.id FROM urls d WHERE coalesce(d.domain_id, 0) = 0 AND d.short_code = v.code))
        ON CONFLICT (id, clicked_at) DO NOTHING
        RETURNING ${sql.raw(ROLLUP_SOURCE_COLUMNS)}
      ),
      batch_outcome AS (
        SELECT count(*) = ${summable ? clicks.length : -1} AS every_click_new FROM inserted
      ),
      ${addSums("click_rollups_hourly", sums.hourly, { column: "bucket" })},
      ${addSums("click_rollups_daily", sums.daily, { column: "bucket" })},
      ${addSums("click_totals", sums.totals, { column: "shard", shard })},
      -- Some clicks were stored before (or their link is gone): Postgres sums the rows that are new.
      partly_new AS (SELECT * FROM inserted WHERE NOT (SELECT every_click_new FROM batch_outcome)),
      ${sql.raw(addToRollupsFrom("partly_new", String(shard)))},
      -- Each link's new human clicks, and whether it has a cap, decided once from this statement's
      -- snapshot: a cap set or removed meanwhile cannot make a click count twice or not at all.
      human AS (
        SELECT added.url_id, added.clicks, urls.max_clicks IS NOT NULL AS capped
        FROM (SELECT url_id, count(*)::int AS clicks FROM inserted WHERE click_class = 'human' GROUP BY url_id) AS added
        JOIN urls ON urls.id = added.url_id
      ),
      -- A capped link's clicks_used now: its cap, clicks_remaining and link.exhausted read it.
      used AS (
        UPDATE urls SET clicks_used = urls.clicks_used + human.clicks
        FROM human WHERE urls.id = human.url_id AND human.capped
        RETURNING urls.id
      ),
      -- Any other link's, to its shard of pending counts, which the cron folds into clicks_used.
      pending AS (
        INSERT INTO click_count_deltas AS pending (url_id, shard, human)
        SELECT url_id, ${shard}, clicks FROM human WHERE NOT capped ORDER BY url_id
        ON CONFLICT (url_id, shard) DO UPDATE SET human = pending.human + excluded.human
      )
      SELECT (SELECT count(*)::int FROM inserted) AS stored, (SELECT array_agg(id) FROM used) AS capped`;
}

/** Stores a batch of clicks in one statement. */
export async function storeClicks(config: Config, clicks: StoredClick[]): Promise<StoredClicks> {
  if (clicks.length === 0) return { stored: 0, cappedUrlIds: [] };
  const { database, closer } = lazyDatabase(config);
  try {
    const result = await database().execute<{ stored: number; capped: number[] | null }>(storeClicksStatement(clicks));
    const [row] = result.rows;
    return { stored: Number(row?.stored ?? 0), cappedUrlIds: (row?.capped ?? []).map(Number) };
  } finally {
    await closer()?.().catch(() => undefined);
  }
}
