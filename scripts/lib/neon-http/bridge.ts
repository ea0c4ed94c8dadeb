// A local server that speaks Neon's SQL-over-HTTP protocol (what `neon()` and drizzle-orm/neon-http
// post to `neonConfig.fetchEndpoint`) in front of a plain Postgres or PGlite, with a pool of
// connections per connection string. Production talks to Neon itself; dev, tests and the benchmark
// point the worker here (NEON_FETCH_ENDPOINT). Behaviour follows Neon's proxy where the driver or
// the worker depends on it; docs/adr/0011-queries-over-http.md lists what it does not emulate.
//
//   POST /sql   headers Neon-Connection-String (required), Neon-Raw-Text-Output, Neon-Array-Mode,
//               Neon-Batch-Isolation-Level, Neon-Batch-Read-Only, Neon-Batch-Deferrable
//               body {query, params[, arrayMode]} or {queries: [...]} (a batch: one transaction)
//   200 {command, rowCount, rows, fields, rowAsArray} (a batch: {results: [...]})
//   400 a Postgres error {message, code, detail, constraint, ...} or a malformed request
//   413 request too large, 507 response too large, 500 the database cannot be reached
import { createServer, type IncomingMessage, type Server } from "node:http";
import pg from "pg";
import { BodyTooLargeError, closeServer, listenOnLoopback, readBody, sendJson } from "../local-http.ts";
import {
  BatchFailed,
  type ConnectionOptions,
  ProtocolError,
  parseConnectionOptions,
  parsePayload,
} from "./protocol.ts";
import { ResponseTooLarge, runQuery } from "./run-query.ts";

export interface NeonHttpBridgeOptions {
  port?: number;
  /** Where to listen (default 127.0.0.1; the compose stack's neon-endpoints service: 0.0.0.0). */
  host?: string;
  /** Connections per connection string; 1 in front of PGlite, whose one backend crosses concurrent answers. */
  maxConnections?: number;
  maxRequestBytes?: number;
  maxResponseBytes?: number;
}

export interface NeonHttpBridge {
  /** The driver's fetchEndpoint: http://127.0.0.1:PORT/sql (or the host it listens on) */
  url: string;
  port: number;
  /** false: the database "goes away" (pooled connections closed, requests answered 500); fire drills use it. */
  setReachable(reachable: boolean): void;
  close(): Promise<void>;
}

const MEBIBYTE = 1024 * 1024;

export async function startNeonHttpBridge(options: NeonHttpBridgeOptions = {}): Promise<NeonHttpBridge> {
  const maxRequestBytes = options.maxRequestBytes ?? 10 * MEBIBYTE;
  const maxResponseBytes = options.maxResponseBytes ?? 10 * MEBIBYTE;
  const pools = new Map<string, pg.Pool>();
  let reachable = true;

  const poolFor = (connectionString: string) => {
    let pool = pools.get(connectionString);
    if (!pool) {
      pool = new pg.Pool({
        connectionString,
        max: options.maxConnections ?? 10,
        connectionTimeoutMillis: 5_000,
        idleTimeoutMillis: 30_000,
      });
      // A pooled connection that dies while idle is dropped by the pool; the next request reconnects.
      pool.on("error", () => {});
      pools.set(connectionString, pool);
    }
    return pool;
  };
  const endPools = async () => {
    const ending = [...pools.values()];
    pools.clear();
    await Promise.all(ending.map((pool) => pool.end().catch(() => undefined)));
  };

  async function answer(
    request: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const path = (request.url ?? "/").split("?")[0];
    if (path !== "/sql") return { status: 404, body: { message: "not found" } };
    if (request.method !== "POST") return { status: 405, body: { message: "method not allowed" } };
    const connection: ConnectionOptions = parseConnectionOptions(request.headers);
    const payload = parsePayload(await readBody(request, maxRequestBytes));
    if (!reachable) return { status: 500, body: { message: "Couldn't connect to compute node" } };

    const client = await poolFor(connection.connectionString).connect();
    let healthy = true;
    try {
      if (payload.kind === "single") {
        const result = await runQuery(client, payload.query, connection, { responseBytes: 0, maxResponseBytes });
        return { status: 200, body: result };
      }
      await client.query(connection.beginStatement);
      const budget = { responseBytes: 0, maxResponseBytes };
      const results: unknown[] = [];
      try {
        for (const query of payload.queries) results.push(await runQuery(client, query, connection, budget));
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {
          healthy = false;
        });
        throw new BatchFailed(error);
      }
      await client.query("COMMIT");
      return { status: 200, body: { results }, headers: connection.batchHeaders };
    } catch (error) {
      // A connection whose transaction state is unknown goes back closed, not reused.
      if (!(error instanceof BatchFailed) && !hasSqlState(error)) healthy = false;
      throw error instanceof BatchFailed ? error.cause : error;
    } finally {
      client.release(!healthy);
    }
  }

  const server: Server = createServer((request, response) => {
    answer(request)
      .then(({ status, body, headers }) => {
        sendJson(response, status, body, { "Access-Control-Allow-Origin": "*", ...headers });
      })
      .catch((error: unknown) => {
        const { status, body } = errorAnswer(error, maxResponseBytes);
        sendJson(response, status, body, { "Access-Control-Allow-Origin": "*" });
      });
  });
  const host = options.host ?? "127.0.0.1";
  const port = await listenOnLoopback(server, options.port, host);
  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}/sql`,
    port,
    setReachable(next) {
      reachable = next;
      if (!next) void endPools();
    },
    close: async () => {
      await closeServer(server);
      await endPools();
    },
  };
}

const POSTGRES_ERROR_FIELDS = [
  "code",
  "detail",
  "hint",
  "position",
  "internalPosition",
  "internalQuery",
  "severity",
  "where",
  "table",
  "column",
  "schema",
  "dataType",
  "constraint",
  "file",
  "line",
  "routine",
] as const;

function hasSqlState(error: unknown): error is pg.DatabaseError {
  return (
    typeof (error as { code?: unknown })?.code === "string" && /^[0-9A-Z]{5}$/.test((error as { code: string }).code)
  );
}

/** Neon's error answer: a Postgres error is a 400 with its fields; the proxy's own failures have their statuses. */
function errorAnswer(error: unknown, maxResponseBytes: number): { status: number; body: unknown } {
  if (error instanceof ProtocolError) return { status: error.status, body: { message: error.message } };
  if (error instanceof BodyTooLargeError) return { status: 413, body: { message: error.message } };
  if (error instanceof ResponseTooLarge)
    return { status: 507, body: { message: `response is too large (max is ${maxResponseBytes} bytes)` } };
  if (hasSqlState(error)) {
    const body: Record<string, unknown> = { message: error.message };
    for (const field of POSTGRES_ERROR_FIELDS)
      body[field] = (error as unknown as Record<string, unknown>)[field] ?? null;
    return { status: 400, body };
  }
  return { status: 500, body: { message: error instanceof Error ? error.message : String(error) } };
}
