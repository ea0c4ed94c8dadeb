// Who an audit event says acted: a person (signed in, or through the admin of their workspace), an
// API key, the operator (ADMIN_API_KEY, or the open API of local development) or the system (a job).
export const ACTOR_KINDS = ["person", "key", "operator", "system"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];
