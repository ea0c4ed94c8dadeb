import { type Database, type DatabaseHandle, openDatabase, type TransactionalDatabase } from "../../db/client";
import type { Config } from "../config/env";
import { AppError } from "../lib/errors";
import { databaseQueries } from "../observability/database-queries";

/** Said wherever a missing database is the cause: what a developer has to run. */
export const DATABASE_NOT_CONFIGURED =
  "DATABASE_URL is not set: run `npm run services` (then `npx wrangler dev`), or `npm run dev`";

export interface LazyDatabase {
  /** The HTTP client (one round trip per query or batch), made on first use. */
  database: () => Database;
  /** The WebSocket pool, opened on first use: only for a transaction that reads between its writes. */
  transactionalDatabase: () => TransactionalDatabase;
  /** The close to run after the response, or undefined when no connection was opened. */
  closer: () => (() => Promise<void>) | undefined;
}

/** A request's database, opened only if the request needs it. */
export function lazyDatabase(config: Config): LazyDatabase {
  let handle: DatabaseHandle | undefined;
  const open = () => {
    if (!config.DATABASE_URL)
      throw new AppError("SERVICE_UNAVAILABLE", `database unavailable: ${DATABASE_NOT_CONFIGURED}`);
    handle ??= openDatabase(
      config.DATABASE_URL,
      { wsProxy: config.NEON_WS_PROXY, fetchEndpoint: config.NEON_FETCH_ENDPOINT },
      databaseQueries,
    );
    return handle;
  };
  return {
    database: () => open().db,
    transactionalDatabase: () => open().transactional(),
    closer: () => {
      const opened = handle;
      // Nothing to close after most requests: the HTTP client holds no connection.
      return opened?.holdsConnections() ? () => opened.close() : undefined;
    },
  };
}
