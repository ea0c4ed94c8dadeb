// Sets the request id on Hono's context and on every response.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { configOrUndefined } from "../config/env";
import { REQUEST_ID_HEADER, resolveRequestId } from "../observability/request-id";

export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const id = resolveRequestId(c.req.raw, configOrUndefined(c.env));
  c.set("requestId", id);
  c.header(REQUEST_ID_HEADER, id);
  await next();
  c.res.headers.set(REQUEST_ID_HEADER, id);
});
