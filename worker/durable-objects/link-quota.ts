// The click reservations of one capped link (one object per link id). A Durable Object runs one
// call at a time, so a reservation is a read and a write with nothing in between: a cap is never
// oversold however many isolates click at once. Reservations are idempotent per click id, so a
// retried call cannot spend a second click.
import { DurableObject } from "cloudflare:workers";

/** How long a granted click id is remembered for a retry of the same call. */
const GRANT_MEMORY_MS = 10 * 60_000;

export interface Reservation {
  granted: boolean;
  /** Clicks reserved so far, this one included when granted. */
  used: number;
}

export class LinkQuota extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS quota (id INTEGER PRIMARY KEY CHECK (id = 1), used INTEGER NOT NULL)");
    sql.exec("CREATE TABLE IF NOT EXISTS grants (click_id TEXT PRIMARY KEY, at INTEGER NOT NULL)");
    sql.exec("CREATE INDEX IF NOT EXISTS grants_at ON grants (at)");
  }

  /**
   * Reserves one click of `maxClicks` (the link's current cap: lowering it takes effect on the next
   * call). `storedUsed` is the clicks Postgres has stored, which seeds an object that lost its state
   * or was created after the link's first clicks.
   */
  reserve(clickId: string, maxClicks: number, storedUsed: number, now = Date.now()): Reservation {
    const sql = this.ctx.storage.sql;
    const row = sql.exec<{ used: number }>("SELECT used FROM quota WHERE id = 1").toArray()[0];
    const used = Math.max(row?.used ?? 0, storedUsed);
    if (sql.exec("SELECT 1 FROM grants WHERE click_id = ?", clickId).toArray().length > 0) {
      return { granted: true, used };
    }
    if (used >= maxClicks) return { granted: false, used };
    this.ctx.storage.transactionSync(() => {
      sql.exec(
        "INSERT INTO quota (id, used) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET used = excluded.used",
        used + 1,
      );
      sql.exec("INSERT INTO grants (click_id, at) VALUES (?, ?)", clickId, now);
      sql.exec("DELETE FROM grants WHERE at < ?", now - GRANT_MEMORY_MS);
    });
    return { granted: true, used: used + 1 };
  }
}
