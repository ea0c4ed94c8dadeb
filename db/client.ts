// Builds a request's database clients over the Neon serverless driver (docs/adr/0011):
// - `db`: Neon's HTTP protocol. One POST per query, or per batch of statements that runs as one
//   transaction (`db.batch`), against a server that pools the connections. Every path but one uses it.
// - `transactional()`: the WebSocket Pool, opened on first use, for a transaction that must read
//   between its writes (the CSV import). It costs a WebSocket, a Postgres session and a backend.
// Locally both go to stand-ins in front of plain Postgres: the HTTP bridge (NEON_FETCH_ENDPOINT)
// and the WebSocket proxy (NEON_WS_PROXY); in production both settings are empty.
import { neon, neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle as drizzleHttp, type NeonHttpDatabase } from "drizzle-orm/neon-http";
import { drizzle as drizzlePool, type NeonDatabase } from "drizzle-orm/neon-serverless";
import * as schema from "./schema";

export type Database = NeonHttpDatabase<typeof schema>;
export type TransactionalDatabase = NeonDatabase<typeof schema>;

export interface DatabaseHandle {
  db: Database;
  /** The WebSocket pool, opened on first call: only for transactions that read between writes. */
  transactional(): TransactionalDatabase;
  /** True once the pool was opened: only then is there anything to close. */
  holdsConnections(): boolean;
  close(): Promise<void>;
}

/** Local stand-ins for Neon's endpoints; both empty in production. */
export interface LocalEndpoints {
  /** host:port of the WebSocket proxy. */
  wsProxy: string;
  /** URL of the HTTP bridge (neonConfig.fetchEndpoint). */
  fetchEndpoint: string;
}

/** Told of every round trip: how the worker counts and times them without this layer knowing metrics. */
export interface QueryObserver {
  /** A round trip to Postgres started: one HTTP request (a query or a batch) or one pooled query. */
  issued(): void;
  finished(result: "ok" | "error", seconds: number): void;
}

const NO_OBSERVER: QueryObserver = { issued: () => undefined, finished: () => undefined };

// The driver's settings are global to the isolate; every request of an isolate shares one
// configuration, so they are set when they change rather than per client.
let configuredProxy: string | undefined;
let configuredFetchEndpoint: string | undefined;
let configuredObserver: QueryObserver | undefined;

function configureDriver(local: LocalEndpoints, observer: QueryObserver): void {
  if (local.wsProxy && configuredProxy !== local.wsProxy) {
    configuredProxy = local.wsProxy;
    neonConfig.wsProxy = () => `${local.wsProxy}/`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    // Required against plain Postgres: pipelining the startup breaks trust auth.
    neonConfig.pipelineConnect = false;
  }
  if (configuredFetchEndpoint !== local.fetchEndpoint) {
    configuredFetchEndpoint = local.fetchEndpoint;
    // Empty restores the driver's default (https://api.<Neon host>/sql): the getter falls back to it.
    neonConfig.fetchEndpoint = (local.fetchEndpoint || undefined) as typeof neonConfig.fetchEndpoint;
  }
  if (configuredObserver !== observer) {
    configuredObserver = observer;
    // The HTTP driver's one hook: each query or batch is one fetch, timed here.
    neonConfig.fetchFunction = (input: RequestInfo | URL, init?: RequestInit) => {
      observer.issued();
      const startedAt = performance.now();
      const response = fetch(input, init);
      const seconds = () => (performance.now() - startedAt) / 1000;
      response.then(
        (answer) => observer.finished(answer.ok ? "ok" : "error", seconds()),
        () => observer.finished("error", seconds()),
      );
      return response;
    };
  }
}

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

function openPool(databaseUrl: string, observer: QueryObserver): { db: TransactionalDatabase; pool: Pool } {
  const pool = new Pool({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  // An idle client reports "Network connection lost" when the proxy hangs up; nothing to do.
  pool.on("error", () => {});
  pool.on("connect", (client: unknown) => measureQueries(client as QueryingClient, observer));
  return { db: drizzlePool(pool, { schema, logger: { logQuery: () => observer.issued() } }), pool };
}

// The HTTP client holds no connection, so one per database URL serves every request of the isolate;
// building drizzle's relational schema for each request cost 6 % of a redirect from Postgres.
const httpClients = new Map<string, Database>();

function httpClientFor(databaseUrl: string): Database {
  let db = httpClients.get(databaseUrl);
  if (!db) {
    db = drizzleHttp({ client: neon(databaseUrl), schema });
    httpClients.set(databaseUrl, db);
  }
  return db;
}

export function openDatabase(
  databaseUrl: string,
  local: LocalEndpoints,
  observer: QueryObserver = NO_OBSERVER,
): DatabaseHandle {
  configureDriver(local, observer);
  let opened: { db: TransactionalDatabase; pool: Pool } | undefined;
  return {
    db: httpClientFor(databaseUrl),
    transactional() {
      opened ??= openPool(databaseUrl, observer);
      return opened.db;
    },
    // The HTTP client holds nothing open; only a pool that was used needs closing.
    holdsConnections: () => opened !== undefined,
    close: async () => {
      await opened?.pool.end();
    },
  };
}
