// The shards design as production runs it (ADR 26): a batch's per-link totals added to one
// click_totals shard in one statement, as worker/services/clicks/store-clicks.ts's addSums writes
// them (unnest of one array per column, the same ON CONFLICT merge text), into a scratch database
// that has the committed migrations (so linkscope_add_counts is production's) and copies of
// click_totals without its foreign key (the scratch database has no links to point at). A copy starts
// as a long-running one is: every link has its rows already (prefill), so a batch mostly merges.
import pg from "pg";
import { COUNTS, mergeOnConflict } from "../../../worker/services/clicks/click-rollups.ts";
import { sql } from "../bench/sql.ts";
import { applyMigrations } from "../migrate.ts";
import { LINKS, type LinkTotals } from "./batches.ts";

/** db/schema/click-rollups.ts's CLICK_COUNT_SHARDS (that module's drizzle imports do not load in Node). */
export const CLICK_COUNT_SHARDS = 8;
// One click's breakdowns: what each prefilled row holds; hot links' rows grow during the run.
const ONE_CLICK = JSON.stringify({
  country: { US: 1 },
  device: { desktop: 1 },
  browser: { Chrome: 1 },
  os: { Windows: 1 },
  referrer: { "": 1 },
  source: { "": 1 },
  rule: { "": 1 },
});

/** Creates the scratch database; the returned function drops it (also after a failure). */
export async function createScratchDatabase(
  adminUrl: string,
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const address = new URL(adminUrl);
  address.pathname = `/${name}`;
  const url = address.toString();
  await sql(adminUrl, `CREATE DATABASE "${name}"`);
  const drop = async () => {
    await sql(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  try {
    await applyMigrations(url);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url, drop };
}

/**
 * A copy of click_totals (its columns, defaults and primary key (url_id, shard)) holding one click in
 * each of `shards` rows of every link: CLICK_COUNT_SHARDS for the shards design, 1 for one row a link.
 */
export async function createTotalsTable(url: string, table: string, shards: number): Promise<void> {
  await sql(url, `CREATE TABLE ${table} (LIKE click_totals INCLUDING ALL)`);
  await sql(
    url,
    `INSERT INTO ${table} (url_id, shard, ${COUNTS}, breakdowns)
     SELECT id, shard, 1, 1, 0, 0, 0, 0, 1, $3::jsonb
     FROM generate_series(1, $1::int) AS id, generate_series(0, $2::int - 1) AS shard`,
    [LINKS, shards, ONE_CLICK],
  );
  await sql(url, `VACUUM ANALYZE ${table}`);
  // The prefill's dirty pages written now, not by a checkpoint in the middle of the first timed phase.
  await sql(url, "CHECKPOINT");
}

const addStatement = (table: string) => `
  INSERT INTO ${table} AS rollup (url_id, shard, ${COUNTS}, breakdowns)
  SELECT * FROM unnest($1::int[], $2::smallint[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[],
                       $9::int[], $10::jsonb[])
  ${mergeOnConflict("url_id, shard")}`;

/** Adds a batch (ordered by link id) to `shard`: one statement, its own transaction. */
export async function addToShard(client: pg.Client, table: string, batch: LinkTotals[], shard: number) {
  const column = (value: (totals: LinkTotals) => unknown) => batch.map(value);
  await client.query(addStatement(table), [
    column((totals) => totals.urlId),
    column(() => shard),
    column((totals) => totals.clicks),
    column((totals) => totals.human),
    column((totals) => totals.bot),
    column((totals) => totals.preview),
    column((totals) => totals.head),
    column((totals) => totals.prefetch),
    column((totals) => totals.unique),
    column((totals) => JSON.stringify(totals.breakdowns)),
  ]);
}

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  return client;
}
