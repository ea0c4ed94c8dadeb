// Every route's declared permission (x-permission), enforced before its body is read. Built per path
// from the routers' own definitions, so a route's permission is written once, next to the route. A key
// holds the scopes it was made with; a person the scopes of their role in the workspace they act in,
// or, on /workspaces/{id}/..., in that workspace. The operator's routes refuse everyone else.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { type Permission, SCOPES, SCOPES_OF_ROLE, type Scope } from "../domain/permissions";
import { forbidden } from "../lib/errors";
import { countAuthEvent } from "../observability/metrics/auth-events";
import { isOperator } from "../services/service-context";
import { roleOrNotFound } from "../services/workspaces/workspace-choice";

/** A 403 for a caller without the route's permission, counted (linkscope_auth_events_total). */
function refused(message: string) {
  countAuthEvent("permission", "refused");
  return forbidden(message);
}

const isScope = (permission: Permission): permission is Scope => (SCOPES as readonly string[]).includes(permission);

/** The middleware of one path: `byMethod` maps its methods (upper case) to their permissions. */
export function requireScope(path: string, byMethod: Map<string, Permission>) {
  const namesWorkspace = path.startsWith("/workspaces/:id");
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.var.principal;
    const needed = byMethod.get(c.req.method === "HEAD" ? "GET" : c.req.method);
    if (needed === "operator" && !isOperator(principal)) throw refused("this needs the admin key");
    if (needed !== undefined && isScope(needed)) {
      if (principal.kind === "user" && principal.scopes !== null && !principal.scopes.includes(needed)) {
        throw refused(`this key lacks the ${needed} scope`);
      }
      if (principal.kind === "person") {
        // A member may always leave (DELETE /workspaces/{id}/members/{their own id}).
        const leaving = c.req.method === "DELETE" && c.req.param("user_id") === String(principal.userId);
        // On /workspaces/{id}/... their role in the workspace the path names.
        const role = namesWorkspace
          ? await roleOrNotFound(c.var.database, Number(c.req.param("id")), principal.userId)
          : principal.role;
        if (!leaving && !SCOPES_OF_ROLE[role].includes(needed)) {
          throw refused(`your role in this workspace (${role}) does not hold the ${needed} scope`);
        }
      }
    }
    await next();
  });
}
