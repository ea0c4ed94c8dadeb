// The most recent log lines of every isolate, for GET /logs. Each flush is stored as one row (a
// JSON array of lines), so a batch costs one insert; rows are trimmed so at most about
// LOG_RING_LINES lines are kept. Nothing can read more, and nothing older survives.
import { DurableObject } from "cloudflare:workers";

export const LOG_RING_LINES = 1_000;

export class LogRing extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS batches (id INTEGER PRIMARY KEY AUTOINCREMENT, lines TEXT NOT NULL, count INTEGER NOT NULL)",
    );
  }

  append(lines: string[]): number {
    if (lines.length === 0) return 0;
    const kept = lines.slice(-LOG_RING_LINES);
    this.ctx.storage.transactionSync(() => {
      this.ctx.storage.sql.exec("INSERT INTO batches (lines, count) VALUES (?, ?)", JSON.stringify(kept), kept.length);
      // Drop whole batches that lie entirely beyond the newest LOG_RING_LINES lines.
      this.ctx.storage.sql.exec(
        `DELETE FROM batches WHERE id < (
           SELECT COALESCE(MIN(id), 0) FROM (
             SELECT id, SUM(count) OVER (ORDER BY id DESC) AS newer FROM batches
           ) WHERE newer >= ?
         )`,
        LOG_RING_LINES,
      );
    });
    return kept.length;
  }

  /** The newest `limit` lines (at most LOG_RING_LINES), oldest first. */
  recent(limit: number): string[] {
    const wanted = Math.max(0, Math.min(limit, LOG_RING_LINES));
    const newestFirst: string[] = [];
    for (const row of this.ctx.storage.sql.exec<{ lines: string }>("SELECT lines FROM batches ORDER BY id DESC")) {
      const lines = JSON.parse(row.lines) as string[];
      for (let i = lines.length - 1; i >= 0 && newestFirst.length < wanted; i--) newestFirst.push(lines[i] as string);
      if (newestFirst.length >= wanted) break;
    }
    return newestFirst.reverse();
  }
}
