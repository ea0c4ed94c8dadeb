// The workspace a request acts in. A key acts in its own; a person in their personal workspace, or in
// the one they name, where they must be a member (their role there gives their scopes); the operator
// over every workspace, or in the one it names. Naming a workspace the caller cannot act in is a 404,
// as if it did not exist.
import type { WorkspaceRole } from "../../domain/workspace-roles";
import { badRequest, notFound } from "../../lib/errors";
import { POSTGRES_MAX_INT } from "../../lib/validation";
import { countAuthEvent } from "../../observability/metrics/auth-events";
import type { Database, Principal } from "../service-context";
import { cachedRole } from "./membership-cache";
import { findWorkspace } from "./workspace-store";

/** The header that names the workspace a request acts in. */
export const WORKSPACE_HEADER = "X-Workspace-Id";

const WORKSPACE_NOT_FOUND = "workspace not found";

function parseWorkspaceId(text: string): number {
  const id = /^[1-9][0-9]{0,9}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(id <= POSTGRES_MAX_INT)) throw badRequest(`${WORKSPACE_HEADER} must be a workspace id (a positive integer)`);
  return id;
}

/**
 * A person's role in a workspace (cached), or the 404 of a workspace they are not in, counted. Ids past
 * Postgres's integers are in no workspace.
 */
export async function roleOrNotFound(
  database: () => Database,
  workspaceId: number,
  userId: number,
): Promise<WorkspaceRole> {
  const role = workspaceId <= POSTGRES_MAX_INT ? await cachedRole(database, workspaceId, userId) : undefined;
  if (role === undefined) {
    countAuthEvent("workspace", "refused");
    throw notFound(WORKSPACE_NOT_FOUND);
  }
  return role;
}

/** The principal acting in the workspace `named` (the header's value), or as it was when none is named. */
export async function chooseWorkspace(
  database: () => Database,
  principal: Principal,
  named: string | undefined,
): Promise<Principal> {
  if (named === undefined) return principal;
  const id = parseWorkspaceId(named);
  switch (principal.kind) {
    case "user":
      if (id !== principal.workspaceId) throw notFound(WORKSPACE_NOT_FOUND);
      return principal;
    case "person":
      if (id === principal.workspaceId) return principal;
      return { ...principal, workspaceId: id, role: await roleOrNotFound(database, id, principal.userId) };
    default:
      if (!(await findWorkspace(database(), id))) throw notFound(WORKSPACE_NOT_FOUND);
      return { ...principal, workspaceId: id };
  }
}
