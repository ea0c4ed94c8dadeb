// Every request's id: the upstream's when trusted, else a fresh UUID. Both paths use it (the
// middleware for Hono's routes, the redirect hot path directly).
import type { Config } from "../config/env";

export const REQUEST_ID_HEADER = "X-Request-Id";
// An upstream id is reused only if it looks like one; anything else could inject into logs.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The upstream's id when it is trusted (TRUST_REQUEST_ID=true: a proxy in front of the worker sets
 * it; otherwise any client could choose the id its lines carry) and looks like one, else a fresh
 * UUID. A broken configuration trusts nothing.
 */
export function resolveRequestId(request: Request, config: Config | undefined): string {
  if (!config?.trustsRequestId) return crypto.randomUUID();
  const incoming = request.headers.get(REQUEST_ID_HEADER);
  return incoming && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}
