import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";

export const REQUEST_ID_HEADER = "X-Request-Id";
// An upstream id is reused only if it looks like one; anything else could inject into logs.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The upstream's id when it looks like one, else a fresh UUID. */
export function resolveRequestId(incoming: string | null | undefined): string {
  return incoming && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const id = resolveRequestId(c.req.header(REQUEST_ID_HEADER));
  c.set("requestId", id);
  c.header(REQUEST_ID_HEADER, id);
  await next();
  c.res.headers.set(REQUEST_ID_HEADER, id);
});
