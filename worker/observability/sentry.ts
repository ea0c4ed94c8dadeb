// Unhandled exceptions (the 500s) go to Sentry through toucan-js, tagged with the request id
// and route template. Without SENTRY_DSN nothing is built and nothing is sent. Only headers
// and query parameters on the allowlists below leave the worker: never cookies, Authorization
// or client IPs.
import { Toucan } from "toucan-js";

const ALLOWED_HEADERS = ["user-agent", "accept", "content-type", "content-length", "cf-ray", "x-request-id"];
// The management API's own filters and paging; anything else may be a token or personal data.
const ALLOWED_SEARCH_PARAMS = ["page", "per_page", "limit", "user_id", "url_id", "is_active", "event_type"];

export interface ExceptionContext {
  request: Request;
  env: Env;
  ctx: { waitUntil(promise: Promise<unknown>): void };
  requestId: string;
  route: string;
}

/** Sends the exception to Sentry after the response (waitUntil); a no-op without SENTRY_DSN. */
export function reportException(error: unknown, { request, env, ctx, requestId, route }: ExceptionContext): void {
  // Read raw, not through the configuration: a broken configuration is one of the things to report.
  const dsn = env.SENTRY_DSN ?? "";
  if (!dsn) return;
  try {
    const sentry = new Toucan({
      dsn,
      context: ctx,
      request,
      release: env.APP_VERSION || undefined,
      environment: env.SENTRY_ENVIRONMENT || "production",
      requestDataOptions: { allowedHeaders: ALLOWED_HEADERS, allowedSearchParams: ALLOWED_SEARCH_PARAMS },
    });
    sentry.setTag("request_id", requestId);
    sentry.setTag("route", route);
    sentry.captureException(error);
  } catch {
    // A malformed DSN must not turn one failure into two; the error is in the log already.
  }
}
