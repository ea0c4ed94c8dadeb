// One bounded load run with autocannon, summarised as req/s, p50, p99 and errors.
import autocannon from "autocannon";

export interface LoadResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  requests: number;
  statuses: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  durationSeconds: number;
  connections: number;
  /** Called for every request; returns the path (and optionally method and body). */
  nextRequest: () => { path: string; method?: string; body?: string; headers?: Record<string, string> };
  /** Statuses that count as success (default: 2xx and 3xx). */
  isExpected?: (status: number) => boolean;
  /** Stops after this many requests even if time is left (autocannon's maxOverallRequests). */
  maxRequests?: number;
  /** Requests per second from all connections together (default: as fast as they answer). */
  overallRate?: number;
  /** Called on every response (the run's result comes at autocannon's next 1 s tick, not at its last answer). */
  onResponse?: () => void;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const isExpected = options.isExpected ?? ((status: number) => status >= 200 && status < 400);
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 10,
    ...(options.maxRequests ? { maxOverallRequests: options.maxRequests } : {}),
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        setupRequest: (request) => {
          const next = options.nextRequest();
          return { ...request, ...next, method: (next.method ?? "GET") as "GET" };
        },
        ...(options.onResponse ? { onResponse: options.onResponse } : {}),
      },
    ],
  });
  const statuses: Record<string, number> = {};
  let unexpected = 0;
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
    const count = (stats as { count: number }).count;
    statuses[code] = count;
    if (!isExpected(Number(code))) unexpected += count;
  }
  return {
    rps: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: unexpected + result.errors + result.timeouts,
    requests: result.requests.total,
    statuses,
  };
}
