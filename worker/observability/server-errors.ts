// Server errors (5xx) in the log: they are ours. The stack goes to the log, never the client.
import { MisconfiguredError } from "../env";
import type { ErrorAnswer } from "../lib/errors";
import { log } from "./logger";

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
