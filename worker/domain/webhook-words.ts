// The words of webhooks, shared by the API's schemas, the database's types and the delivery code.

export const WEBHOOK_EVENT_TYPES = [
  "link.created",
  "link.updated",
  "link.deleted",
  "link.expired",
  "link.exhausted",
  "link.clicked",
  "link.health_changed",
  "link.anomaly",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** link.clicked for people's clicks only (the default), or for every class (bots, previews...). */
export const WEBHOOK_CLICK_CLASSES = ["human", "all"] as const;
export type WebhookClickClasses = (typeof WEBHOOK_CLICK_CLASSES)[number];

export const WEBHOOK_STATES = ["active", "disabled"] as const;
export type WebhookState = (typeof WEBHOOK_STATES)[number];

/** pending (to be sent, or sent again), delivered, failed (every attempt of the schedule failed, or the endpoint went away). */
export const DELIVERY_STATES = ["pending", "delivered", "failed"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * Why an attempt failed: the receiver's side (timeout, connection, http_status: not 2xx, redirect: a 3xx,
 * which is never followed), the destination rules (refused_destination), or ours (unsigned: the secret
 * could not be opened; endpoint_disabled: not attempted).
 */
export const DELIVERY_ERRORS = [
  "timeout",
  "connection",
  "http_status",
  "redirect",
  "refused_destination",
  "unsigned",
  "endpoint_disabled",
] as const;
export type DeliveryError = (typeof DELIVERY_ERRORS)[number];

export interface DeliveryAttempt {
  /** ISO time the attempt started. */
  at: string;
  /** The receiver's HTTP status; null when nothing answered. */
  status: number | null;
  latency_ms: number;
  /** Why it failed; null on success. */
  error: DeliveryError | null;
}
