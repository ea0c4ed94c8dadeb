import type { Database } from "../db/client";
import type { CacheContext } from "./cache/cache-context";
import type { Config } from "./env";

/** Who is calling: the admin key, a user's API key, or nobody (allowed only when keys are optional). */
export type Principal = { kind: "admin" } | { kind: "user"; userId: number; keyId: number } | { kind: "anonymous" };

export interface AppVariables {
  principal: Principal;
  requestId: string;
  config: Config;
  /** Opens the request's database connection on first use; closed after the response. */
  database: () => Database;
  cache: CacheContext;
  /** Runs work after the response (waitUntil); failures are logged, never thrown. */
  defer: (work: () => Promise<unknown>) => void;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
