import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../app-env";
import { errorResponse } from "../lib/errors";
import type { ExceptionContext } from "../observability/sentry";
import { answerFailure } from "../observability/server-errors";
import { requestRouteTemplate } from "./route-template";

/** The one place an error becomes a response: {"error": message}, never a stack trace. */
export const errorHandler: ErrorHandler<AppEnv> = (error, c) => {
  // A middleware that built its own JSON answer (bearerAuth: 401 with WWW-Authenticate).
  if (error instanceof HTTPException && error.res?.headers.get("Content-Type")?.includes("application/json")) {
    return error.res;
  }
  let ctx: ExceptionContext["ctx"] | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    // No execution context (app.request in a unit test): nothing can be sent after the response.
  }
  const route = requestRouteTemplate(c);
  return errorResponse(
    answerFailure(error, { request: c.req.raw, env: c.env, ctx, requestId: c.get("requestId"), route }),
  );
};
