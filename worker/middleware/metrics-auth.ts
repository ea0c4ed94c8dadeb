// /prometheus, /metrics, /metrics/history, /logs and /alert-status reveal traffic and internals. With the secret
// METRICS_TOKEN set they need "Authorization: Bearer <token>" (compared in constant time by
// Hono's bearerAuth); unset, they stay open, as in the seed.
import type { MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";

let checkerToken: string | undefined;
let checker: MiddlewareHandler | undefined;

function checkerFor(token: string): MiddlewareHandler {
  if (checker && checkerToken === token) return checker;
  checkerToken = token;
  checker = bearerAuth({
    token,
    realm: "linkscope",
    noAuthenticationHeader: { message: { error: "authentication required: send Authorization: Bearer <token>" } },
    invalidAuthenticationHeader: { message: { error: "malformed Authorization header: expected Bearer <token>" } },
    invalidToken: { message: { error: "invalid token" } },
  });
  return checker;
}

export const requireMetricsToken = createMiddleware<AppEnv>(async (c, next) => {
  const token = c.var.config.METRICS_TOKEN;
  if (!token) return next();
  return checkerFor(token)(c, next);
});
