// The end of every request, on both paths (Hono's middleware and the redirect hot path): the
// request metrics, the one log line, and a due metrics flush after the response.
import type { Config } from "../config/env";
import { afterResponse } from "../lib/after-response";
import { logRequest } from "./logger";
import { requestCounted } from "./metrics/flush";
import { recordHttpRequest } from "./metrics/http-metrics";

export interface FinishedRequest {
  env: Env;
  /** The request's configuration, read once by the caller; undefined when it is broken. */
  config: Config | undefined;
  /** Absent where there is none (app.request in a unit test): the next request flushes. */
  ctx: ExecutionContext | undefined;
  request: Request;
  requestId: string;
  /** The route template, never the raw path. */
  route: string;
  status: number;
  startedAt: number;
  cacheTier?: string | undefined;
  /** False when a sampled-out cache hit gets no log line. */
  logLine?: boolean;
}

export function recordRequest(finished: FinishedRequest): void {
  const { env, request, route, status, startedAt } = finished;
  // Counted even when the configuration is broken (that answer is a 500 worth seeing).
  if (finished.config?.metricsEnabled ?? true) {
    recordHttpRequest(route, request.method, status, (performance.now() - startedAt) / 1000);
  }
  if (finished.logLine !== false) {
    logRequest({
      requestId: finished.requestId,
      method: request.method,
      route,
      status,
      startedAt,
      cacheTier: finished.cacheTier,
      request,
    });
  }
  const flush = requestCounted(env);
  if (flush && finished.ctx) afterResponse(finished.ctx, flush);
}
