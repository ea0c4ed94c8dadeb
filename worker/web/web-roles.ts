// What the person's role in the workspace they act in lets the web app show: the same scopes the API
// enforces (domain/permissions.ts), so a viewer's pages are read-only.
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { SCOPES_OF_ROLE } from "../domain/permissions";

export const mayWriteLinks = (c: Context<AppEnv>): boolean => {
  const principal = c.var.principal;
  return principal.kind === "person" && SCOPES_OF_ROLE[principal.role].includes("links:write");
};
