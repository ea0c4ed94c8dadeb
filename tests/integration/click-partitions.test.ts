// Clicks by day (migration 0023, ADR 25): the cron makes the week's partitions ahead, drops days older
// than the retention with their clicks and keeps the newer ones; a click of a day without a partition
// waits in the default one and moves into its day when that day is made; a redelivered click still adds
// nothing. The integration tests share one database: the days used here are ones no other test touches
// (2003, and more than a week ahead), and the retention applied is 5 days, the shortest another test uses.
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../../worker/config/env";
import { CLICK_PARTITION_DAYS_AHEAD, maintainClickPartitions } from "../../worker/jobs/click-partitions";
import { ensureClickPartitions, utcDay } from "../../worker/services/clicks/prune-clicks";
import { type StoredClick, storeClicks } from "../../worker/services/clicks/store-clicks";
import { createUrl, openTestDatabase } from "../harness";

const database = openTestDatabase();
afterAll(() => database.close());
const config = readConfig(env);
const DAY = 86_400_000;

function click(code: string, at: number): StoredClick {
  return {
    id: crypto.randomUUID(),
    code,
    at: new Date(at).toISOString(),
    referrerHost: null,
    country: null,
    colo: null,
    device: "desktop",
    kind: "human",
    unique: true,
  };
}

const partitionName = (day: string) => `clicks_p${day.replaceAll("-", "")}`;

async function partitionExists(day: string): Promise<boolean> {
  const result = await database.db.execute<{ found: boolean }>(
    sql`SELECT to_regclass(${partitionName(day)}) IS NOT NULL AS found`,
  );
  return result.rows[0]?.found === true;
}

/** Where each of a link's clicks is stored: partition name by click time. */
async function placement(urlId: number): Promise<Record<string, string>> {
  const result = await database.db.execute<{ at: string; part: string }>(
    sql`SELECT clicked_at AS at, tableoid::regclass::text AS part FROM clicks WHERE url_id = ${urlId}`,
  );
  return Object.fromEntries(result.rows.map((row) => [new Date(row.at).toISOString(), row.part]));
}

describe("daily click partitions", () => {
  it("the cron makes today's and the next week's partitions", async () => {
    const now = Date.now();
    await maintainClickPartitions(env, now);
    for (let ahead = 0; ahead <= CLICK_PARTITION_DAYS_AHEAD; ahead++) {
      expect(await partitionExists(utcDay(now + ahead * DAY))).toBe(true);
    }
  });

  it("drops the days older than the retention with their clicks, keeps the newer days and their clicks", async () => {
    const url = await createUrl();
    const now = Date.now();
    const ancient = Date.UTC(2003, 2, 3, 12);
    const recent = now - 4 * DAY;
    await ensureClickPartitions(database.db, utcDay(ancient), utcDay(ancient));
    await ensureClickPartitions(database.db, utcDay(recent), utcDay(recent));
    await storeClicks(config, [
      click(url.short_code, ancient),
      click(url.short_code, recent),
      click(url.short_code, now),
    ]);
    expect(Object.values(await placement(url.id)).sort()).toEqual(
      [partitionName(utcDay(ancient)), partitionName(utcDay(recent)), partitionName(utcDay(now))].sort(),
    );

    await maintainClickPartitions({ ...env, CLICK_RETENTION_DAYS: "5" } as Env, now);
    expect(await partitionExists(utcDay(ancient))).toBe(false);
    expect(await partitionExists(utcDay(recent))).toBe(true);
    expect(await placement(url.id)).toEqual({
      [new Date(recent).toISOString()]: partitionName(utcDay(recent)),
      [new Date(now).toISOString()]: partitionName(utcDay(now)),
    });
  });

  it("a click of a day without a partition waits in the default one and moves into its day when it is made", async () => {
    const url = await createUrl();
    // Beyond the week the cron makes ahead, and beyond the minutes the alert tests' crons run at (up to
    // 77 days ahead, each making its own week), so no other test's cron makes this day.
    const later = Date.now() + (CLICK_PARTITION_DAYS_AHEAD + 200) * DAY;
    const early = click(url.short_code, later);
    await storeClicks(config, [early]);
    expect(await placement(url.id)).toEqual({ [early.at]: "clicks_default" });

    expect(await ensureClickPartitions(database.db, utcDay(later), utcDay(later))).toBe(1);
    expect(await placement(url.id)).toEqual({ [early.at]: partitionName(utcDay(later)) });
    // The same click again (a redelivery) is still the same row.
    expect((await storeClicks(config, [early])).stored).toBe(0);
    expect(await ensureClickPartitions(database.db, utcDay(later), utcDay(later))).toBe(0);
  });
});
