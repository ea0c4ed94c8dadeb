// The Durable Object design of issue 32, for scripts/measure-click-totals.ts only (an ES module
// worker under workerd, written by counter-workerd.ts; never deployed). One ClickTotalsCounter per
// link (idFromName of its id) holds the link's counts not yet flushed to Postgres, in its SQLite
// storage: each add() is one UPSERT, and the RPC answers only once that write is durable (the output
// gate), which is when the consumer could acknowledge its queue batch. The first add after a flush
// sets the alarm that would add the pending row to click_totals a minute later; here the alarm only
// clears the row (the flush's Postgres write is estimated by the script, not run).
//
// POST /batch?phase=NAME with a batch's per-link totals (JSON array, batches.ts's LinkTotals) calls
// each link's object once, all at once, and answers { calls } when every call has answered. The
// objects are named "NAME:<link id>": each phase of a run starts with no objects, as each starts the
// shards design from an empty table.
import { DurableObject } from "cloudflare:workers";

const COUNT_COLUMNS = ["clicks", "human", "bot", "preview", "head", "prefetch", "unique"];
const QUOTED = COUNT_COLUMNS.map((column) => `"${column}"`);

const UPSERT = `INSERT INTO pending (id, ${QUOTED.join(", ")}, breakdowns)
  VALUES (1, ${QUOTED.map(() => "?").join(", ")}, ?)
  ON CONFLICT (id) DO UPDATE SET ${QUOTED.map((column) => `${column} = ${column} + excluded.${column}`).join(", ")},
    breakdowns = excluded.breakdowns`;

/** b's counts added into a, value by value (what linkscope_add_counts does in Postgres). */
function addBreakdowns(a, b) {
  for (const [dimension, counts] of Object.entries(b)) {
    const into = a[dimension] ?? {};
    for (const [key, count] of Object.entries(counts)) into[key] = (into[key] ?? 0) + count;
    a[dimension] = into;
  }
}

export class ClickTotalsCounter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    const columns = QUOTED.map((column) => `${column} INTEGER NOT NULL`).join(", ");
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS pending (id INTEGER PRIMARY KEY CHECK (id = 1), ${columns}, breakdowns TEXT NOT NULL)`,
    );
    // The breakdowns are merged here (SQLite has no per-key JSON sum), so the object keeps them in
    // memory, read once when it wakes up; a pending row means its alarm is set already.
    const row = ctx.storage.sql.exec("SELECT breakdowns FROM pending WHERE id = 1").toArray()[0];
    this.breakdowns = row ? JSON.parse(row.breakdowns) : {};
    this.alarmSet = row !== undefined;
  }

  async add(totals) {
    addBreakdowns(this.breakdowns, totals.breakdowns);
    this.ctx.storage.sql.exec(
      UPSERT,
      ...COUNT_COLUMNS.map((column) => totals[column]),
      JSON.stringify(this.breakdowns),
    );
    if (!this.alarmSet) {
      this.alarmSet = true;
      await this.ctx.storage.setAlarm(Date.now() + Number(this.env.FLUSH_MS));
    }
    return true;
  }

  alarm() {
    this.ctx.storage.sql.exec("DELETE FROM pending");
    this.breakdowns = {};
    this.alarmSet = false;
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method !== "POST" || url.pathname !== "/batch") return new Response("not found", { status: 404 });
    const phase = url.searchParams.get("phase") ?? "";
    const batch = await request.json();
    const add = (totals) => env.COUNTERS.get(env.COUNTERS.idFromName(`${phase}:${totals.urlId}`)).add(totals);
    await Promise.all(batch.map(add));
    return Response.json({ calls: batch.length });
  },
};
