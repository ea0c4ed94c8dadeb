// Builds a drizzle client per request over the Neon serverless driver (WebSocket Pool, which
// supports the transactions every audited write needs). Locally the driver goes through our
// WebSocket proxy to a plain Postgres; in production it talks to Neon.
import { neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle, type NeonDatabase } from "drizzle-orm/neon-serverless";
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

/** Told of every query: how the worker counts and times them without this layer knowing metrics. */
export interface QueryObserver {
  /** A query was issued (tests hold each path to its query budget with this). */
  issued(): void;
  finished(result: "ok" | "error", seconds: number): void;
}

const NO_OBSERVER: QueryObserver = { issued: () => undefined, finished: () => undefined };

interface QueryingClient {
  query: (...args: unknown[]) => unknown;
}

/** Times every query a pooled client runs (pool.query and transactions alike) and counts its result. */
function measureQueries(client: QueryingClient, observer: QueryObserver): void {
  const query = client.query.bind(client);
  client.query = (...args: unknown[]) => {
    const startedAt = performance.now();
    const done = (outcome: "ok" | "error") => observer.finished(outcome, (performance.now() - startedAt) / 1000);
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

export function openDatabase(
  databaseUrl: string,
  localProxy: string,
  observer: QueryObserver = NO_OBSERVER,
): DatabaseHandle {
  if (localProxy) configureLocalProxy(localProxy);
  const pool = new Pool({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  // An idle client reports "Network connection lost" when the proxy hangs up; nothing to do.
  pool.on("error", () => {});
  pool.on("connect", (client: unknown) => measureQueries(client as QueryingClient, observer));
  return {
    db: drizzle(pool, { schema, logger: { logQuery: () => observer.issued() } }),
    close: () => pool.end(),
  };
}
