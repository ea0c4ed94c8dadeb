// What the person's role in the workspace they act in lets the web app do: the same scopes the API
// enforces (domain/permissions.ts). Every /app route declares the scope it needs (web-routes.tsx), and
// pages show the forms of what the role may do only, so a viewer's pages are read-only.
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { SCOPES_OF_ROLE, type Scope } from "../domain/permissions";

export const mayDo = (c: Context<AppEnv>, scope: Scope): boolean => {
  const principal = c.var.principal;
  return principal.kind === "person" && SCOPES_OF_ROLE[principal.role].includes(scope);
};

export const mayWriteLinks = (c: Context<AppEnv>): boolean => mayDo(c, "links:write");

export const mayAdminWorkspace = (c: Context<AppEnv>): boolean => mayDo(c, "workspace:admin");
