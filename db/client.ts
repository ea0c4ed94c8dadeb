// Builds a drizzle client per request over the Neon serverless driver (WebSocket Pool, which
// supports the transactions every audited write needs). Locally the driver goes through our
// WebSocket proxy to a plain Postgres; in production it talks to Neon.
import { neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle, type NeonDatabase } from "drizzle-orm/neon-serverless";
import { dependencyCalls } from "../worker/observability/dependency-calls";
import { METRICS } from "../worker/observability/metrics/definitions";
import { incrementCounter, observeHistogram } from "../worker/observability/metrics/recorder";
import * as schema from "./schema";

export type Database = NeonDatabase<typeof schema>;

export interface DatabaseHandle {
  db: Database;
  close(): Promise<void>;
}

let configuredProxy: string | undefined;

function configureLocalProxy(proxyHostPort: string): void {
  if (configuredProxy === proxyHostPort) return;
  configuredProxy = proxyHostPort;
  neonConfig.wsProxy = () => `${proxyHostPort}/`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  // Required against plain Postgres: pipelining the startup breaks trust auth.
  neonConfig.pipelineConnect = false;
}

function countQuery(): void {
  dependencyCalls().postgres += 1;
}

interface QueryingClient {
  query: (...args: unknown[]) => unknown;
}

/** Times every query a pooled client runs (pool.query and transactions alike) and counts its result. */
function measureQueries(client: QueryingClient): void {
  const query = client.query.bind(client);
  client.query = (...args: unknown[]) => {
    const startedAt = performance.now();
    const done = (outcome: "ok" | "error") => {
      incrementCounter(METRICS.databaseQueries, { result: outcome });
      observeHistogram(METRICS.databaseQueryDuration, {}, (performance.now() - startedAt) / 1000);
    };
    // pool.query calls it with a callback; drizzle's transactions use the promise.
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (error: unknown, ...rest: unknown[]) => {
        done(error ? "error" : "ok");
        return callback(error, ...rest);
      };
      return query(...args);
    }
    const result = query(...args);
    if (result instanceof Promise) {
      // A side branch only: the caller still gets (and handles) the original promise.
      result.then(
        () => done("ok"),
        () => done("error"),
      );
    }
    return result;
  };
}

export function openDatabase(databaseUrl: string, localProxy: string): DatabaseHandle {
  if (localProxy) configureLocalProxy(localProxy);
  const pool = new Pool({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  // An idle client reports "Network connection lost" when the proxy hangs up; nothing to do.
  pool.on("error", () => {});
  pool.on("connect", (client: unknown) => measureQueries(client as QueryingClient));
  return {
    // The logger counts queries so tests can hold each path to its query budget.
    db: drizzle(pool, { schema, logger: { logQuery: countQuery } }),
    close: () => pool.end(),
  };
}
