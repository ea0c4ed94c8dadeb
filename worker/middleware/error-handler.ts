import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../app-env";
import { MisconfiguredError } from "../env";
import { AppError, statusForCode } from "../lib/errors";
import { findPostgresError, isDataError, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION } from "../lib/postgres-errors";
import { log } from "../observability/logger";
import { type ExceptionContext, reportException } from "../observability/sentry";
import { requestRouteTemplate } from "./route-template";

// SQLSTATE classes that mean "the database is not there" rather than "this query is wrong".
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0)/;
const CONNECTIVITY_MESSAGE = /connect|connection|websocket|network|socket|timeout|terminated|ECONNREFUSED/i;

export interface ErrorAnswer {
  status: ContentfulStatusCode;
  message: string;
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

function isFailedQuery(error: unknown): boolean {
  return error instanceof Error && (error.name === "DrizzleQueryError" || error.message.startsWith("Failed query:"));
}

/** How an error is answered: status and message (and any extra fields an AppError carries). */
export function classifyError(error: unknown): ErrorAnswer {
  if (error instanceof AppError) {
    return { status: statusForCode(error.code), message: error.message, extra: error.details, headers: error.headers };
  }
  if (error instanceof HTTPException) {
    const message =
      error.status === 413
        ? "request body too large"
        : error.status === 415
          ? "unsupported media type: send application/json"
          : error.message || "bad request";
    return { status: error.status, message: message.charAt(0).toLowerCase() + message.slice(1) };
  }
  const pgError = findPostgresError(error);
  if (pgError) {
    if (pgError.code === PG_UNIQUE_VIOLATION)
      return { status: 409, message: "a record with that value already exists" };
    if (pgError.code === PG_FOREIGN_KEY_VIOLATION)
      return { status: 409, message: "the record is referenced by or refers to another record" };
    if (isDataError(pgError)) return { status: 400, message: "a value is out of range or malformed" };
    if (UNAVAILABLE_SQLSTATE.test(pgError.code)) return { status: 503, message: "database unavailable" };
  } else if (isFailedQuery(error) || (error instanceof Error && CONNECTIVITY_MESSAGE.test(error.message))) {
    // A query that failed without a Postgres error code never reached a working database.
    return { status: 503, message: "database unavailable" };
  }
  return { status: 500, message: "internal server error" };
}

/** The one place an error becomes a response: {"error": message}, never a stack trace. */
export const errorHandler: ErrorHandler<AppEnv> = (error, c) => {
  // A middleware that built its own JSON answer (bearerAuth: 401 with WWW-Authenticate).
  if (error instanceof HTTPException && error.res?.headers.get("Content-Type")?.includes("application/json")) {
    return error.res;
  }
  const answer = classifyError(error);
  if (answer.status >= 500) {
    const route = requestRouteTemplate(c);
    logServerError(error, answer, c.get("requestId"), route);
    if (answer.status === 500) {
      let ctx: ExceptionContext["ctx"] | undefined;
      try {
        ctx = c.executionCtx;
      } catch {
        // No execution context (app.request in a unit test): nothing can be sent after the response.
      }
      if (ctx) reportException(error, { request: c.req.raw, env: c.env, ctx, requestId: c.get("requestId"), route });
    }
  }
  return c.json({ error: answer.message, ...answer.extra }, answer.status, answer.headers);
};

/**
 * Only 5xx are logged as errors: they are ours. The stack goes to the log, never the client.
 * Unexpected failures (500) also go to Sentry; a 503 (a dependency down) is the alerts' job.
 */
export function logServerError(error: unknown, answer: ErrorAnswer, requestId: string, route: string): void {
  log("error", "unhandled_error", {
    request_id: requestId,
    route,
    status: answer.status,
    error: error instanceof Error ? error.message : String(error),
    // Which settings are broken, by name (their values are never logged).
    misconfigured: error instanceof MisconfiguredError ? error.variables : undefined,
    stack: error instanceof Error ? error.stack : undefined,
  });
}
