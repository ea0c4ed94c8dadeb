// JSON lines on stdout (Workers Logs / wrangler tail). Every line carries the request id.
// Each line is also kept for GET /logs (log-buffer.ts), without stacks and query parameters.
import { rememberLogLine } from "./log-buffer";
import { redactSecrets } from "./redact";
import { type UserAgentClass, userAgentClass } from "./user-agent-class";

export type LogLevel = "debug" | "info" | "warn" | "error";

// "Failed query: ... params: a@b.c,..." carries user data; /logs keeps the statement only.
const QUERY_PARAMS = /\nparams: [\s\S]*$/;

function forTheRing(entry: Record<string, unknown>): string {
  const { stack: _stack, ...rest } = entry;
  if (typeof rest.error === "string") rest.error = rest.error.replace(QUERY_PARAMS, "");
  return redactSecrets(JSON.stringify(rest));
}

export function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
  const entry = { timestamp: new Date().toISOString(), level, message, ...fields };
  const line = redactSecrets(JSON.stringify(entry));
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
  rememberLogLine("stack" in fields || typeof fields.error === "string" ? forTheRing(entry) : line);
}

export interface RequestLine {
  requestId: string;
  method: string;
  /** The route template, never the raw path: it may hold codes or secrets. */
  route: string;
  status: number;
  startedAt: number;
  cacheTier?: string | undefined;
  /** The request, for its colo and user agent class (never its raw path or headers). */
  request: Request;
}

function coloOf(request: Request): string | undefined {
  return (request as Request<unknown, IncomingRequestCfProperties>).cf?.colo;
}

/** The one line logged per request. Built flat: it runs on every redirect, cache hits included. */
export function logRequest(line: RequestLine): void {
  const text = JSON.stringify({
    timestamp: new Date().toISOString(),
    level: "info",
    message: "request",
    request_id: line.requestId,
    method: line.method,
    route: line.route,
    status: line.status,
    duration_ms: Math.round((performance.now() - line.startedAt) * 100) / 100,
    cache_tier: line.cacheTier,
    colo: coloOf(line.request),
    ua_class: userAgentClass(line.request.headers.get("User-Agent")) satisfies UserAgentClass,
  });
  console.log(text);
  rememberLogLine(text);
}
