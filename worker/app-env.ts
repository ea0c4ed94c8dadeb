import type { ServiceContext } from "./services/service-context";

export type { Principal } from "./services/service-context";

/** A request's variables: the context every service takes, built by the dependencies middleware. */
export type AppVariables = ServiceContext;

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
