// What the top bar says of the person: their address and the workspace they are acting in.
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { personSummary } from "../services/workspaces/person-summary";
import type { SignedInAs } from "./page-shell";

export async function signedInAs(c: Context<AppEnv>): Promise<SignedInAs | undefined> {
  const principal = c.var.principal;
  if (principal.kind !== "person") return undefined;
  const me = await personSummary(c.var.database, principal.userId);
  const workspace = me.workspaces.find((candidate) => candidate.id === principal.workspaceId);
  return {
    email: me.email,
    workspaceName: workspace?.name ?? "Personal",
    workspaceId: principal.workspaceId,
    role: principal.role,
    workspaces: me.workspaces.map(({ id, name, role }) => ({ id, name, role })),
    csrfToken: principal.csrfToken,
  };
}
