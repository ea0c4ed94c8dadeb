// What every use case is given: who is asking, the configuration, the database (opened on first
// use), the caches and a way to run work after the answer. A request builds one in its middleware
// (Hono's variables are exactly this), and a cron or queue job builds one with openJobContext, so
// services take one shape whoever calls them.
import type { Database, TransactionalDatabase } from "../../db/client";
import { type CacheContext, createCacheContext } from "../cache/cache-context";
import { type Config, readConfig } from "../config/env";
import { log } from "../observability/logger";
import { lazyDatabase } from "./lazy-database";

export type { Database, TransactionalDatabase };

/** Who is calling: the admin key, a user's API key, or nobody (allowed only when keys are optional). */
export type Principal = { kind: "admin" } | { kind: "user"; userId: number; keyId: number } | { kind: "anonymous" };

export interface ServiceContext {
  principal: Principal;
  /** The request's id, or the job's name: what every log line of the work carries. */
  requestId: string;
  config: Config;
  /** The database over HTTP (one round trip per query or batch), opened on first use. */
  database: () => Database;
  /** The WebSocket pool, opened on first use and closed after the work: a transaction that reads between its writes. */
  transactionalDatabase: () => TransactionalDatabase;
  cache: CacheContext;
  /** Runs work after the response (waitUntil) or the job; failures are logged, never thrown. */
  defer: (work: () => Promise<unknown>) => void;
}

export interface JobContext {
  context: ServiceContext;
  /** Runs what the job deferred and closes what it opened; never throws. */
  finish: () => Promise<void>;
}

/**
 * A cron or queue job's context: the operator's authority (a job acts for the service, not for a
 * user), the job's name as its request id, and its deferred work run by `finish`.
 */
export function openJobContext(env: Env, job: string, config: Config = readConfig(env)): JobContext {
  const deferred: Promise<unknown>[] = [];
  const { database, transactionalDatabase, closer } = lazyDatabase(config);
  const context: ServiceContext = {
    principal: { kind: "admin" },
    requestId: job,
    config,
    database,
    transactionalDatabase,
    cache: createCacheContext(config),
    defer: (work) => {
      deferred.push(
        work().catch((error: unknown) =>
          log("warn", "deferred_work_failed", { request_id: job, error: String(error) }),
        ),
      );
    },
  };
  return {
    context,
    finish: async () => {
      await Promise.all(deferred);
      await closer()?.().catch(() => undefined);
    },
  };
}
