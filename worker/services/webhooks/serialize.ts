import type { WebhookDeliveryRow, WebhookRow } from "../../../db/schema";

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** Never the secrets: a secret is shown once, when it is made. */
export function serializeWebhook(row: WebhookRow, now = Date.now()) {
  const overlap = row.previousSecretExpiresAt !== null && row.previousSecretExpiresAt.getTime() > now;
  return {
    id: row.id,
    user_id: row.userId,
    url: row.url,
    events: row.events,
    filter: row.urlIds === null ? null : { url_ids: row.urlIds },
    click_classes: row.clickClasses,
    description: row.description,
    state: row.state,
    disabled_reason: row.disabledReason,
    consecutive_failures: row.consecutiveFailures,
    failing_since: iso(row.failingSince),
    last_success_at: iso(row.lastSuccessAt),
    disabled_at: iso(row.disabledAt),
    previous_secret_expires_at: overlap ? iso(row.previousSecretExpiresAt) : null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function serializeDelivery(row: WebhookDeliveryRow) {
  return {
    id: row.id,
    event_type: row.eventType,
    url_id: row.urlId,
    state: row.state,
    attempts: row.attempts,
    next_attempt_at: row.state === "pending" ? row.nextAttemptAt.toISOString() : null,
    created_at: row.createdAt.toISOString(),
    finished_at: iso(row.finishedAt),
    last_attempt: row.attemptLog.at(-1) ?? null,
    attempt_log: row.attemptLog,
  };
}
