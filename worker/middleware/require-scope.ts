// A scoped key may call a route only with the scope the route declares (x-permission). Built per path
// from the routers' own definitions, so a route's permission is written once, next to the route.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { type Permission, SCOPES, type Scope } from "../domain/permissions";
import { forbidden } from "../lib/errors";

const isScope = (permission: Permission): permission is Scope => (SCOPES as readonly string[]).includes(permission);

/** The middleware of one path: `byMethod` maps its methods (upper case) to their permissions. */
export function requireScope(byMethod: Map<string, Permission>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.var.principal;
    if (principal.kind === "user" && principal.scopes !== null) {
      const needed = byMethod.get(c.req.method === "HEAD" ? "GET" : c.req.method);
      if (needed !== undefined && isScope(needed) && !principal.scopes.includes(needed)) {
        throw forbidden(`this key lacks the ${needed} scope`);
      }
    }
    await next();
  });
}
