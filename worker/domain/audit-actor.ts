// Who an audit event says acted: a person (signed in, or through the admin of their workspace), an
// API key, the operator (ADMIN_API_KEY, or the open API of local development) or the system (a job).
export const ACTOR_KINDS = ["person", "key", "operator", "system"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Who acted, as an audit event records it. */
export interface Actor {
  kind: ActorKind;
  /** The person (for a key: the person it belongs to); null for the operator and the system. */
  userId: number | null;
  keyId: number | null;
}

/** The operator: the admin key, or the open API of local development. */
export const OPERATOR_ACTOR: Actor = { kind: "operator", userId: null, keyId: null };

/** The service itself (a cron job). */
export const SYSTEM_ACTOR: Actor = { kind: "system", userId: null, keyId: null };
