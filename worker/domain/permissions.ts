// What a route needs, declared next to its definition (x-permission in /openapi.json): a scope of a
// workspace's API keys, a signed-in person, the operator, the metrics token, or nothing. A test walks
// the route table and fails on a route without one (tests/integration/route-permissions.test.ts).
import type { WorkspaceRole } from "./workspace-roles";

/** The scopes a workspace's API key may hold (and a person's role implies). */
export const SCOPES = [
  "links:read",
  "links:write",
  "analytics:read",
  "tags:write",
  "webhooks:write",
  "workspace:admin",
] as const;
export type Scope = (typeof SCOPES)[number];

export const PERMISSIONS = [
  ...SCOPES,
  /** A signed-in person (a session), for their own sessions and invitations; the operator too. */
  "session",
  /** ADMIN_API_KEY (or the open API of local development) only. */
  "operator",
  /** METRICS_TOKEN once it is set. */
  "metrics",
  /** Anyone (each such route limits or checks what it does itself). */
  "public",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The scopes a member of each role holds, and so the most a key they make may hold. */
export const SCOPES_OF_ROLE: Record<WorkspaceRole, readonly Scope[]> = {
  owner: SCOPES,
  admin: SCOPES,
  editor: ["links:read", "links:write", "analytics:read", "tags:write"],
  viewer: ["links:read", "analytics:read"],
};
