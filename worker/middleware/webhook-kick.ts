// After a successful write to links or webhooks, the deliveries it made due (written in its own
// transaction by the database's triggers) are sent to the webhook queue, after the response.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { afterResponse } from "../lib/after-response";
import { kickDeliveries } from "../services/webhooks/dispatch-deliveries";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const kickWebhooksAfterWrite: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!WRITES.has(c.req.method) || c.res.status >= 300 || !c.env.WEBHOOKS) return;
  const config = c.var.config;
  afterResponse(c.executionCtx, () => kickDeliveries(c.env, config));
};
