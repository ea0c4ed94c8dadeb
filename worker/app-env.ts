import type { Database, TransactionalDatabase } from "../db/client";
import type { CacheContext } from "./cache/cache-context";
import type { Config } from "./env";

/** Who is calling: the admin key, a user's API key, or nobody (allowed only when keys are optional). */
export type Principal = { kind: "admin" } | { kind: "user"; userId: number; keyId: number } | { kind: "anonymous" };

export interface AppVariables {
  principal: Principal;
  requestId: string;
  config: Config;
  /** The request's database over HTTP (one round trip per query or batch). */
  database: () => Database;
  /** The WebSocket pool, opened on first use and closed after the response: the CSV import's transaction. */
  transactionalDatabase: () => TransactionalDatabase;
  cache: CacheContext;
  /** Runs work after the response (waitUntil); failures are logged, never thrown. */
  defer: (work: () => Promise<unknown>) => void;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
