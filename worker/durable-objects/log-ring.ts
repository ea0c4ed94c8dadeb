// The most recent log lines of every isolate, for GET /logs: a ring of at most LOG_RING_LINES rows
// in SQLite. Nothing can read more than that, and nothing older survives.
import { DurableObject } from "cloudflare:workers";

export const LOG_RING_LINES = 1_000;

export class LogRing extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS lines (id INTEGER PRIMARY KEY AUTOINCREMENT, line TEXT NOT NULL)");
  }

  append(lines: string[]): number {
    if (lines.length === 0) return 0;
    this.ctx.storage.transactionSync(() => {
      for (const line of lines.slice(-LOG_RING_LINES))
        this.ctx.storage.sql.exec("INSERT INTO lines (line) VALUES (?)", line);
      this.ctx.storage.sql.exec("DELETE FROM lines WHERE id <= (SELECT MAX(id) FROM lines) - ?", LOG_RING_LINES);
    });
    return lines.length;
  }

  /** The newest `limit` lines, oldest first. */
  recent(limit: number): string[] {
    const bounded = Math.max(0, Math.min(limit, LOG_RING_LINES));
    return this.ctx.storage.sql
      .exec<{ line: string }>(
        "SELECT line FROM (SELECT id, line FROM lines ORDER BY id DESC LIMIT ?) ORDER BY id ASC",
        bounded,
      )
      .toArray()
      .map((row) => row.line);
  }
}
