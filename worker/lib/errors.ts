// The one error type the API raises on purpose, how any error is classified (status and message),
// and the one way an error becomes a response: {"error": message}, never a stack trace. Both paths
// (Hono's error handler and the redirect hot path) answer through errorResponse.
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { findPostgresError, isDataError, isForeignKeyViolation, PG_UNIQUE_VIOLATION } from "./postgres-errors";
export type ErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "TOO_MANY_REQUESTS"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "UNPROCESSABLE"
  | "INTERNAL"
  | "SERVICE_UNAVAILABLE";

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Response headers that belong with the error (WWW-Authenticate, Retry-After). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function statusForCode(code: ErrorCode): ErrorStatus {
  switch (code) {
    case "BAD_REQUEST":
      return 400;
    case "UNAUTHORIZED":
      return 401;
    case "FORBIDDEN":
      return 403;
    case "TOO_MANY_REQUESTS":
      return 429;
    case "NOT_FOUND":
      return 404;
    case "METHOD_NOT_ALLOWED":
      return 405;
    case "CONFLICT":
      return 409;
    case "PAYLOAD_TOO_LARGE":
      return 413;
    case "UNSUPPORTED_MEDIA_TYPE":
      return 415;
    case "UNPROCESSABLE":
      return 422;
    case "INTERNAL":
      return 500;
    case "SERVICE_UNAVAILABLE":
      return 503;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

export const badRequest = (message: string) => new AppError("BAD_REQUEST", message);
export const notFound = (message: string) => new AppError("NOT_FOUND", message);
export const conflict = (message: string) => new AppError("CONFLICT", message);
export const forbidden = (message: string) => new AppError("FORBIDDEN", message);
export const unauthorizedError = (message: string) => new AppError("UNAUTHORIZED", message);

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
    if (isForeignKeyViolation(pgError))
      return { status: 409, message: "the record is referenced by or refers to another record" };
    if (isDataError(pgError)) return { status: 400, message: "a value is out of range or malformed" };
    if (UNAVAILABLE_SQLSTATE.test(pgError.code)) return { status: 503, message: "database unavailable" };
  } else if (isFailedQuery(error) || (error instanceof Error && CONNECTIVITY_MESSAGE.test(error.message))) {
    // A query that failed without a Postgres error code never reached a working database.
    return { status: 503, message: "database unavailable" };
  }
  return { status: 500, message: "internal server error" };
}

/** An error's JSON answer, with the request id when there is one. */
export function errorResponse(answer: ErrorAnswer, requestId?: string): Response {
  const headers: Record<string, string> = { ...answer.headers, "Content-Type": "application/json" };
  if (requestId) headers["X-Request-Id"] = requestId;
  return new Response(JSON.stringify({ error: answer.message, ...answer.extra }), { status: answer.status, headers });
}

/** A plain answer of the API's own (404, 405): the same shape as every error. */
export function plainError(status: ContentfulStatusCode, message: string): Response {
  return errorResponse({ status, message });
}
