// Management writes are rate limited per API key, or per client IP when there is none.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { clientIp, overLimit, tooManyRequests } from "../services/auth/rate-limits";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const limitWrites = createMiddleware<AppEnv>(async (c, next) => {
  if (WRITES.has(c.req.method)) {
    const principal = c.var.principal;
    const limited =
      principal.kind === "user"
        ? await overLimit(c.env, "write", "key", String(principal.keyId))
        : principal.kind === "person"
          ? await overLimit(c.env, "write", "key", `person:${principal.userId}`)
          : principal.kind === "admin"
            ? false
            : await overLimit(c.env, "write", "ip", clientIp(c.req.raw));
    if (limited) throw tooManyRequests("write");
  }
  await next();
});
