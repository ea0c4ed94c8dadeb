// One shard of the aggregated metrics: series values in SQLite, so counters stay monotonic
// when the object restarts, and per-minute request counts for sliding windows and burn rates.
// Isolates add deltas in batches; /prometheus, /metrics and the alert evaluator read every shard.
import { DurableObject } from "cloudflare:workers";
import type { MinuteDelta } from "../observability/metrics/minute-window";
import type { SeriesDelta } from "../observability/metrics/recorder";
import type { MinuteRange, MinuteSums, StoredSeries } from "../observability/metrics/shard-types";

// The longest window anything reads (the 3-day SLO ticket window) plus a margin.
export const MINUTE_RETENTION = 3 * 24 * 60 + 120;

export class MetricsShard extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS series (key TEXT PRIMARY KEY, name TEXT NOT NULL, labels TEXT NOT NULL, value REAL NOT NULL)",
    );
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS minutes (minute INTEGER NOT NULL, name TEXT NOT NULL, value REAL NOT NULL,
         PRIMARY KEY (minute, name)) WITHOUT ROWID`,
    );
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value REAL NOT NULL)");
  }

  /** Adds a batch of series and minute deltas atomically; minutes past retention are dropped. */
  add(deltas: SeriesDelta[], minutes: MinuteDelta[] = []): number {
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      for (const delta of deltas) {
        sql.exec(
          `INSERT INTO series (key, name, labels, value) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = value + excluded.value`,
          delta.key,
          delta.name,
          JSON.stringify(delta.labels),
          delta.value,
        );
      }
      let newest = 0;
      for (const delta of minutes) {
        sql.exec(
          `INSERT INTO minutes (minute, name, value) VALUES (?, ?, ?)
           ON CONFLICT (minute, name) DO UPDATE SET value = value + excluded.value`,
          delta.minute,
          delta.name,
          delta.value,
        );
        newest = Math.max(newest, delta.minute);
      }
      if (newest > 0) sql.exec("DELETE FROM minutes WHERE minute < ?", newest - MINUTE_RETENTION);
      sql.exec("INSERT INTO meta (key, value) VALUES ('first_flush_ms', ?) ON CONFLICT (key) DO NOTHING", Date.now());
    });
    return deltas.length + minutes.length;
  }

  read(): StoredSeries[] {
    return this.ctx.storage.sql
      .exec<Record<string, string | number>>("SELECT key, name, labels, value FROM series")
      .toArray()
      .map((row) => ({
        key: String(row.key),
        name: String(row.name),
        labels: String(row.labels),
        value: Number(row.value),
      }));
  }

  /** Per-name sums of the per-minute counts in each range (one call answers every window). */
  minuteSums(ranges: MinuteRange[]): MinuteSums[] {
    return ranges.map(({ fromMinute, toMinute }) => {
      const sums: MinuteSums = {};
      const rows = this.ctx.storage.sql.exec<{ name: string; total: number }>(
        "SELECT name, SUM(value) AS total FROM minutes WHERE minute BETWEEN ? AND ? GROUP BY name",
        fromMinute,
        toMinute,
      );
      for (const row of rows) sums[row.name] = Number(row.total);
      return sums;
    });
  }

  /** Every per-minute count in the range, one row per minute and name. */
  minuteRows(fromMinute: number, toMinute: number): { minute: number; name: string; value: number }[] {
    return this.ctx.storage.sql
      .exec<{ minute: number; name: string; value: number }>(
        "SELECT minute, name, value FROM minutes WHERE minute BETWEEN ? AND ?",
        fromMinute,
        toMinute,
      )
      .toArray()
      .map((row) => ({ minute: Number(row.minute), name: String(row.name), value: Number(row.value) }));
  }

  /** When this shard first received metrics (epoch ms), or null. */
  firstFlushAt(): number | null {
    const row = this.ctx.storage.sql
      .exec<{ value: number }>("SELECT value FROM meta WHERE key = 'first_flush_ms'")
      .toArray()[0];
    return row ? Number(row.value) : null;
  }
}
