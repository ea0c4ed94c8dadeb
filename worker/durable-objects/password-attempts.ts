// The password guesses of one protected link (one object per link id). A guess is admitted, and
// counted as a failure, before any hashing; a right password takes its count back. Limits, over
// sliding windows: 5 per 10 minutes per client; and once the link has had 100 failures in the
// hour (a guessing campaign from many clients), one per hour per client. The link-wide ceiling
// never refuses a client that has not guessed wrong in that hour, so a person with the right
// password still gets in while the link is under attack; it only takes the further guesses of
// those who already failed. One call at a time, so concurrent guesses cannot slip past a limit.
// Clients are kept as a hash of their IP (an IPv6 client's /64), for an hour at most.
import { DurableObject } from "cloudflare:workers";
import { type Admission, BURST, CLIENT_LIMIT, LINK_LIMIT } from "../domain/password-limits";

export class PasswordAttempts extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS failures (id INTEGER PRIMARY KEY, client TEXT NOT NULL, at INTEGER NOT NULL)");
    sql.exec("CREATE INDEX IF NOT EXISTS failures_at ON failures (at)");
  }

  /** Failures since `since` (of one client, or of everyone) and when the oldest of them was. */
  private failuresSince(since: number, client: string | null = null): { count: number; oldest: number | null } {
    const row = this.ctx.storage.sql
      .exec<{ n: number; oldest: number | null }>(
        "SELECT count(*) AS n, min(at) AS oldest FROM failures WHERE at > ? AND client = coalesce(?, client)",
        since,
        client,
      )
      .one();
    return { count: row.n, oldest: row.oldest };
  }

  /** Admits a guess from `client` (counted as a failure until refunded), or says when to retry. */
  admit(client: string, now = Date.now()): Admission {
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM failures WHERE at <= ?", now - LINK_LIMIT.windowMs);
    const refusal = (oldest: number | null, windowMs: number): Admission => ({
      admitted: false,
      retryAfterSeconds: Math.max(1, Math.ceil(((oldest ?? now) + windowMs - now) / 1000)),
    });
    const byClient = this.failuresSince(now - CLIENT_LIMIT.windowMs, client);
    if (byClient.count >= CLIENT_LIMIT.attempts) return refusal(byClient.oldest, CLIENT_LIMIT.windowMs);
    const byLink = this.failuresSince(now - LINK_LIMIT.windowMs);
    if (byLink.count >= LINK_LIMIT.failures) {
      // Under attack: a client's first guess of the hour is still checked (it may be the owner's
      // right password); one that has already failed this hour waits for that failure to age out.
      const clientHour = this.failuresSince(now - LINK_LIMIT.windowMs, client);
      if (clientHour.count > 0) return refusal(clientHour.oldest, LINK_LIMIT.windowMs);
    }
    const attempt = sql
      .exec<{ id: number }>("INSERT INTO failures (client, at) VALUES (?, ?) RETURNING id", client, now)
      .one().id;
    return { admitted: true, attempt, recentFailures: this.failuresSince(now - BURST.windowMs).count };
  }

  /** A right password: its guess is not a failure. */
  refund(attempt: number): void {
    this.ctx.storage.sql.exec("DELETE FROM failures WHERE id = ?", attempt);
  }
}
