import { type Database, type DatabaseHandle, openDatabase } from "../../db/client";
import type { Config } from "../env";
import { AppError } from "../lib/errors";
import { databaseQueries } from "../observability/database-queries";

/** Said wherever a missing database is the cause: what a developer has to run. */
export const DATABASE_NOT_CONFIGURED =
  "DATABASE_URL is not set: run `npm run services` (then `npx wrangler dev`), or `npm run dev`";

export interface LazyDatabase {
  /** Opens the connection on first use. */
  database: () => Database;
  /** The close to run after the response, or undefined when nothing was opened. */
  closer: () => (() => Promise<void>) | undefined;
}

/** A request's database, opened only if the request needs it. */
export function lazyDatabase(config: Config): LazyDatabase {
  let handle: DatabaseHandle | undefined;
  return {
    database: () => {
      if (!config.DATABASE_URL)
        throw new AppError("SERVICE_UNAVAILABLE", `database unavailable: ${DATABASE_NOT_CONFIGURED}`);
      handle ??= openDatabase(config.DATABASE_URL, config.NEON_WS_PROXY, databaseQueries);
      return handle.db;
    },
    closer: () => {
      const opened = handle;
      return opened ? () => opened.close() : undefined;
    },
  };
}
