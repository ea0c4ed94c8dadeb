// Server errors (5xx) in the log: they are ours. The stack goes to the log, never the client.
import { MisconfiguredError } from "../config/env";
import { classifyError, type ErrorAnswer } from "../lib/errors";
import { errorText, stackText } from "./error-text";
import { log } from "./logger";
import { type ExceptionContext, reportException } from "./sentry";

/**
 * Only 5xx are logged as errors: they are ours. The stack goes to the log, never the client.
 * Unexpected failures (500) also go to Sentry; a 503 (a dependency down) is the alerts' job.
 */
export function logServerError(error: unknown, answer: ErrorAnswer, requestId: string, route: string): void {
  log("error", "unhandled_error", {
    request_id: requestId,
    route,
    status: answer.status,
    error: errorText(error),
    // Which settings are broken, by name (their values are never logged).
    misconfigured: error instanceof MisconfiguredError ? error.variables : undefined,
    stack: stackText(error),
  });
}

/**
 * What a failure answers, with a 5xx logged and a 500 sent to Sentry: the one path for the router's
 * error handler and the routes served before it. Without an execution context (a unit test's
 * app.request) nothing can be sent after the response, so nothing is reported.
 */
export function answerFailure(
  error: unknown,
  context: Omit<ExceptionContext, "ctx"> & { ctx: ExceptionContext["ctx"] | undefined },
): ErrorAnswer {
  const answer = classifyError(error);
  if (answer.status >= 500) logServerError(error, answer, context.requestId, context.route);
  if (answer.status === 500 && context.ctx) reportException(error, { ...context, ctx: context.ctx });
  return answer;
}
