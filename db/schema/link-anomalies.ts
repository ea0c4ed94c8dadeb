import { doublePrecision, integer, pgTable, primaryKey, text, timestamp, varchar } from "drizzle-orm/pg-core";
import { urls } from "./urls";

// One row per link and anomaly kind that was ever evaluated: where its alert is in its life
// (inactive, firing, resolved), as the alert state machine (worker/services/alerts/state-machine.ts) keeps it,
// and the email it still owes (sent by the cron, retried until it goes).
export const linkAnomalies = pgTable(
  "link_anomalies",
  {
    urlId: integer("url_id")
      .notNull()
      .references(() => urls.id, { onDelete: "cascade" }),
    kind: varchar("kind", { length: 40 }).notNull(),
    state: varchar("state", { length: 16 }).notNull(),
    since: timestamp("since", { withTimezone: true }),
    episode: integer("episode").notNull(),
    consecutive: integer("consecutive").notNull(),
    value: doublePrecision("value"),
    threshold: doublePrecision("threshold").notNull(),
    detail: text("detail").notNull(),
    evaluatedAt: timestamp("evaluated_at", { withTimezone: true }),
    notifiedAt: timestamp("notified_at", { withTimezone: true }),
    /** "firing" or "resolved": the email not yet sent for the latest transition. */
    pendingNotice: varchar("pending_notice", { length: 16 }),
    /** When that email became owed (wall clock): the evaluating run sends it, a later run retries it. */
    pendingSince: timestamp("pending_since", { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.urlId, table.kind] })],
);

// The hours whose anomalies were evaluated: the cron runs every minute, each hour is judged once.
export const anomalyRuns = pgTable("anomaly_runs", {
  hour: timestamp("hour", { withTimezone: true }).primaryKey(),
  links: integer("links").notNull(),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
});
