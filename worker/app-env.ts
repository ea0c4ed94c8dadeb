import type { Database } from "../db/client";
import type { Config } from "./env";

export interface AppVariables {
  requestId: string;
  config: Config;
  /** Opens the request's database connection on first use; closed after the response. */
  database: () => Database;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
