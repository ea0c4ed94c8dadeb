// One shard of the aggregated metrics: series values in SQLite, so counters stay monotonic
// when the object restarts. Isolates add deltas in batches; /prometheus reads every shard.
import { DurableObject } from "cloudflare:workers";
import type { SeriesDelta } from "../observability/metrics/recorder";

export interface StoredSeries {
  key: string;
  name: string;
  labels: string;
  value: number;
}

export class MetricsShard extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS series (key TEXT PRIMARY KEY, name TEXT NOT NULL, labels TEXT NOT NULL, value REAL NOT NULL)",
    );
  }

  /** Adds a batch of deltas atomically. */
  add(deltas: SeriesDelta[]): number {
    this.ctx.storage.transactionSync(() => {
      for (const delta of deltas) {
        this.ctx.storage.sql.exec(
          `INSERT INTO series (key, name, labels, value) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = value + excluded.value`,
          delta.key,
          delta.name,
          JSON.stringify(delta.labels),
          delta.value,
        );
      }
    });
    return deltas.length;
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
}
