import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import type {
  DeliveryAttempt,
  DeliveryState,
  WebhookClickClasses,
  WebhookEventType,
  WebhookState,
} from "../../worker/domain/webhook-words.ts";
import { ORIGINAL_URL_MAX_LENGTH } from "../../worker/lib/limits.ts";
import { users } from "./users.ts";
import { ownersWorkspace, workspaces } from "./workspaces.ts";

// A user's webhook endpoint: where their links' events are sent, which ones, and how it is doing.
// The signing secrets are stored encrypted (worker/services/webhooks/secret-box.ts), never in the clear.
export const webhooks = pgTable(
  "webhooks",
  {
    id: serial("id").primaryKey(),
    // The owner whose links' events it receives; null: the links without an owner (admin only).
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" })
      .$defaultFn(ownersWorkspace),
    url: varchar("url", { length: ORIGINAL_URL_MAX_LENGTH }).notNull(),
    events: jsonb("events").$type<WebhookEventType[]>().notNull(),
    // Only these links' events; null: every link of the owner.
    urlIds: jsonb("url_ids").$type<number[]>(),
    clickClasses: varchar("click_classes", { length: 8 }).$type<WebhookClickClasses>().notNull().default("human"),
    description: varchar("description", { length: 200 }),
    state: varchar("state", { length: 16 }).$type<WebhookState>().notNull().default("active"),
    // Why it was disabled: gone (the receiver answered 410), failing (20 failures and a day without a
    // success) or owner (PATCH enabled: false).
    disabledReason: varchar("disabled_reason", { length: 16 }),
    secret: text("secret").notNull(),
    // After a rotation, the previous secret signs too until it expires (receivers switch over).
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
    // The first failure of the current streak (null after a success).
    failingSince: timestamp("failing_since", { withTimezone: true }),
    // The owner was told about sustained failures (once per failing streak).
    failingNotifiedAt: timestamp("failing_notified_at", { withTimezone: true }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("webhooks_user_id_idx").on(table.userId), index("webhooks_workspace_id_idx").on(table.workspaceId)],
);

// One event for one endpoint, from its creation (in the transaction of the write that caused it) to
// its delivery or its last failed attempt. The body is stored as sent, so every retry signs the same
// bytes under the same webhook-id.
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    eventType: varchar("event_type", { length: 32 }).notNull(),
    urlId: integer("url_id"),
    body: text("body").notNull(),
    state: varchar("state", { length: 16 }).$type<DeliveryState>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    // The last attempts (at most the schedule's length): when, the status, the latency, the error.
    attemptLog: jsonb("attempt_log").$type<DeliveryAttempt[]>().notNull().default([]),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    // Sent to the queue and not to be sent again before this (a lost message is sent again after it).
    leasedUntil: timestamp("leased_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (table) => [
    index("webhook_deliveries_webhook_id_created_at_idx").on(table.webhookId, table.createdAt),
    index("webhook_deliveries_due_idx").on(table.nextAttemptAt).where(sql`${table.state} = 'pending'`),
    // Retention: the cron deletes finished deliveries after 30 days, oldest first.
    index("webhook_deliveries_finished_at_idx").on(table.finishedAt).where(sql`${table.finishedAt} IS NOT NULL`),
  ],
);

// Where the cron's search for links that expired has got to (one row, id 1): each run takes the links
// whose expires_at fell after it and up to the run's time, and moves it, in one statement.
export const webhookExpiryCursor = pgTable(
  "webhook_expiry_cursor",
  {
    id: smallint("id").primaryKey(),
    scannedUntil: timestamp("scanned_until", { withTimezone: true }).notNull(),
  },
  (table) => [check("webhook_expiry_cursor_one_row", sql`${table.id} = 1`)],
);

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
