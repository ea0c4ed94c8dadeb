import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";

export const REQUEST_ID_HEADER = "X-Request-Id";
// An upstream id is reused only if it looks like one; anything else could inject into logs.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Whether an incoming X-Request-Id is kept: only when a trusted proxy in front of the worker
 * sets it (TRUST_REQUEST_ID=true). Otherwise any client could choose the id its lines carry.
 */
export function trustsUpstreamRequestId(env: Env): boolean {
  return (env as { TRUST_REQUEST_ID?: string }).TRUST_REQUEST_ID === "true";
}

/** The upstream's id when it is trusted and looks like one, else a fresh UUID. */
export function resolveRequestId(request: Request, env: Env): string {
  if (!trustsUpstreamRequestId(env)) return crypto.randomUUID();
  const incoming = request.headers.get(REQUEST_ID_HEADER);
  return incoming && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const id = resolveRequestId(c.req.raw, c.env);
  c.set("requestId", id);
  c.header(REQUEST_ID_HEADER, id);
  await next();
  c.res.headers.set(REQUEST_ID_HEADER, id);
});
