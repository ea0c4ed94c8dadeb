// The /workspaces routes, in registration order: the admin key manages every workspace; a user's
// key sees its own workspace and acts in it with its person's role there.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { registerCreateInvitation } from "./create-invitation";
import { registerCreateWorkspace } from "./create-workspace";
import { registerCreateWorkspaceKey } from "./create-workspace-key";
import { registerGetWorkspace } from "./get-workspace";
import { registerListAudit } from "./list-audit";
import { registerListInvitations } from "./list-invitations";
import { registerListMembers } from "./list-members";
import { registerListWorkspaceKeys } from "./list-workspace-keys";
import { registerListWorkspaces } from "./list-workspaces";
import { registerPutMember } from "./put-member";
import { registerRemoveMember } from "./remove-member";
import { registerRenameWorkspace } from "./rename-workspace";
import { registerRevokeInvitation } from "./revoke-invitation";
import { registerRevokeWorkspaceKey } from "./revoke-workspace-key";

export function registerWorkspaceRoutes(app: OpenAPIHono<AppEnv>) {
  registerListWorkspaces(app);
  registerCreateWorkspace(app);
  registerGetWorkspace(app);
  registerRenameWorkspace(app);
  registerListMembers(app);
  registerPutMember(app);
  registerRemoveMember(app);
  registerListAudit(app);
  registerListInvitations(app);
  registerCreateInvitation(app);
  registerRevokeInvitation(app);
  registerCreateWorkspaceKey(app);
  registerListWorkspaceKeys(app);
  registerRevokeWorkspaceKey(app);
}
