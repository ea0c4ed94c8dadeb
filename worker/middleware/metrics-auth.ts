// /prometheus, /metrics, /metrics/history, /logs and /alert-status reveal traffic and internals. With the secret
// METRICS_TOKEN set they need "Authorization: Bearer <token>" (compared in constant time by
// Hono's bearerAuth); unset, they stay open, as in the seed.
import type { MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import type { Config } from "../config/env";

// One checker per configuration (there is one configuration per isolate).
const checkers = new WeakMap<Config, MiddlewareHandler>();

function checkerFor(config: Config): MiddlewareHandler {
  const known = checkers.get(config);
  if (known) return known;
  const checker = bearerAuth({
    token: config.METRICS_TOKEN,
    realm: "linkscope",
    noAuthenticationHeader: { message: { error: "authentication required: send Authorization: Bearer <token>" } },
    invalidAuthenticationHeader: { message: { error: "malformed Authorization header: expected Bearer <token>" } },
    invalidToken: { message: { error: "invalid token" } },
  });
  checkers.set(config, checker);
  return checker;
}

export const requireMetricsToken = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.config.METRICS_TOKEN) return next();
  return checkerFor(c.var.config)(c, next);
});
