// The request side of Neon's SQL-over-HTTP protocol: the connection string and options carried in
// Neon-* headers, and the JSON body (one query, or a batch that runs as one transaction).
import type { IncomingHttpHeaders } from "node:http";

/** A malformed request: answered with its status and {message}, as Neon's proxy does. */
export class ProtocolError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Marks a batch that failed (and was rolled back) so its connection can go back to the pool. */
export class BatchFailed extends Error {
  constructor(cause: unknown) {
    super("batch failed", { cause });
  }
}

export interface QueryData {
  query: string;
  params: unknown[];
  arrayMode?: boolean;
}

export type Payload = { kind: "single"; query: QueryData } | { kind: "batch"; queries: QueryData[] };

export interface ConnectionOptions {
  connectionString: string;
  rawTextOutput: boolean;
  arrayMode: boolean;
  /** BEGIN with the batch's isolation level, read-only and deferrable settings. */
  beginStatement: string;
  /** What Neon echoes on a batch's answer. */
  batchHeaders: Record<string, string>;
}

const ISOLATION_LEVELS: Record<string, string> = {
  Serializable: "SERIALIZABLE",
  RepeatableRead: "REPEATABLE READ",
  ReadCommitted: "READ COMMITTED",
  ReadUncommitted: "READ UNCOMMITTED",
};

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};
// Neon: anything that is not exactly "true" is false.
const flag = (headers: IncomingHttpHeaders, name: string) => header(headers, name) === "true";

export function parseConnectionOptions(headers: IncomingHttpHeaders): ConnectionOptions {
  const connectionString = header(headers, "neon-connection-string");
  if (!connectionString) throw new ProtocolError(400, "invalid header: neon-connection-string");
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new ProtocolError(400, "invalid connection string: relative URL without a base");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") throw new ProtocolError(400, "incorrect scheme");
  if (!url.username) throw new ProtocolError(400, "missing username");
  if (url.pathname.length <= 1) throw new ProtocolError(400, "missing database name");

  const isolationHeader = header(headers, "neon-batch-isolation-level");
  const isolation = isolationHeader === undefined ? undefined : ISOLATION_LEVELS[isolationHeader];
  if (isolationHeader !== undefined && !isolation) throw new ProtocolError(400, "invalid isolation level");
  const readOnly = flag(headers, "neon-batch-read-only");
  const deferrable = flag(headers, "neon-batch-deferrable");
  const batchHeaders: Record<string, string> = {};
  if (isolationHeader) batchHeaders["Neon-Batch-Isolation-Level"] = isolationHeader;
  if (readOnly) batchHeaders["Neon-Batch-Read-Only"] = "true";
  if (deferrable) batchHeaders["Neon-Batch-Deferrable"] = "true";
  const begin = ["BEGIN"];
  if (isolation) begin.push(`ISOLATION LEVEL ${isolation}`);
  if (readOnly) begin.push("READ ONLY");
  if (deferrable) begin.push("DEFERRABLE");
  return {
    connectionString,
    rawTextOutput: flag(headers, "neon-raw-text-output"),
    arrayMode: flag(headers, "neon-array-mode"),
    beginStatement: begin.join(" "),
    batchHeaders,
  };
}

function queryData(value: unknown): QueryData | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { query, params = [], arrayMode } = value as Record<string, unknown>;
  if (typeof query !== "string" || !Array.isArray(params)) return undefined;
  if (arrayMode !== undefined && typeof arrayMode !== "boolean") return undefined;
  return arrayMode === undefined ? { query, params } : { query, params, arrayMode };
}

export function parsePayload(body: Buffer): Payload {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new ProtocolError(400, `could not parse the HTTP request body: ${(error as Error).message}`);
  }
  const batch = (parsed as { queries?: unknown } | null)?.queries;
  if (Array.isArray(batch)) {
    const queries = batch.map(queryData);
    if (queries.every((query): query is QueryData => query !== undefined)) return { kind: "batch", queries };
  } else {
    const query = queryData(parsed);
    if (query) return { kind: "single", query };
  }
  throw new ProtocolError(400, "could not parse the HTTP request body: expected {query, params} or {queries: [...]}");
}
