// JSON lines on stdout (Workers Logs / wrangler tail). Every line carries the request id.
export type LogLevel = "debug" | "info" | "warn" | "error";

export function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ timestamp: new Date().toISOString(), level, message, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export interface RequestLine {
  requestId: string;
  method: string;
  /** The route template, never the raw path: it may hold codes or secrets. */
  route: string;
  status: number;
  startedAt: number;
  cacheTier?: string | undefined;
}

/** The one line logged per request. Built flat: it runs on every redirect, cache hits included. */
export function logRequest(line: RequestLine): void {
  console.log(
    JSON.stringify({
      timestamp: new Date().toISOString(),
      level: "info",
      message: "request",
      request_id: line.requestId,
      method: line.method,
      route: line.route,
      status: line.status,
      duration_ms: Math.round((performance.now() - line.startedAt) * 100) / 100,
      cache_tier: line.cacheTier,
    }),
  );
}
