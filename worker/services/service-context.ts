// What every use case is given: who is asking, the configuration, the database (opened on first
// use), the caches and a way to run work after the answer. A request builds one in its middleware
// (Hono's variables are exactly this), and a cron or queue job builds one with openJobContext, so
// services take one shape whoever calls them.
import type { Database, TransactionalDatabase } from "../../db/client";
import { type CacheContext, createCacheContext } from "../cache/cache-context";
import type { KeepAlive } from "../cache/invalidation-batcher";
import { type Config, readConfig } from "../config/env";
import type { Actor } from "../domain/audit-actor";
import type { Scope } from "../domain/permissions";
import type { WorkspaceRole } from "../domain/workspace-roles";
import { log } from "../observability/logger";
import { lazyDatabase } from "./lazy-database";

export type { Database, TransactionalDatabase };

/**
 * Who is calling: the admin key, a user's API key (which acts in its one workspace), a person signed
 * in (their session cookie; acting in their personal workspace or the one they name, with their role's
 * scopes there), or nobody (allowed only when keys are optional). The operator (admin, or anonymous
 * while keys are optional) acts over every workspace unless it names one.
 */
export type Principal =
  | { kind: "admin"; workspaceId?: number | undefined }
  | { kind: "user"; userId: number; keyId: number; workspaceId: number; scopes: Scope[] | null }
  | {
      kind: "person";
      userId: number;
      sessionId: number;
      csrfToken: string;
      workspaceId: number;
      /** Their role in that workspace: its scopes are what they may do there (SCOPES_OF_ROLE). */
      role: WorkspaceRole;
    }
  | { kind: "anonymous"; workspaceId?: number | undefined };

/** The user a key or a session acts for; undefined for the operator (the admin key, the open API). */
export function actingUserId(principal: Principal): number | undefined {
  return principal.kind === "user" || principal.kind === "person" ? principal.userId : undefined;
}

/** Whether the caller is the operator (the admin key, or the open API of local development). */
export const isOperator = (principal: Principal) => principal.kind === "admin" || principal.kind === "anonymous";

/** Who an audit event records as acting: the person, the key (with its person) or the operator. */
export function actorOf(ctx: Pick<ServiceContext, "principal">): Actor {
  const principal = ctx.principal;
  if (principal.kind === "user") return { kind: "key", userId: principal.userId, keyId: principal.keyId };
  if (principal.kind === "person") return { kind: "person", userId: principal.userId, keyId: null };
  return { kind: "operator", userId: null, keyId: null };
}

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

/** What differs between a request and a job; openServiceContext builds the rest the same way for both. */
export interface ContextOrigin {
  principal: Principal;
  requestId: string;
  config: Config;
  /** Runs deferred work: a request after its response, a job before it finishes. */
  runDeferred: (work: () => Promise<void>) => void;
  /** The request's waitUntil (a Redis round trip other writes may wait on); jobs await everything anyway. */
  keepAlive?: KeepAlive | undefined;
}

/**
 * A service context and the close of what it opened: the database on first use, the caches, and
 * `defer`, whose failures are logged with the request id, never thrown.
 */
export function openServiceContext(origin: ContextOrigin): {
  context: ServiceContext;
  closer: () => (() => Promise<void>) | undefined;
} {
  const { database, transactionalDatabase, closer } = lazyDatabase(origin.config);
  const context: ServiceContext = {
    principal: origin.principal,
    requestId: origin.requestId,
    config: origin.config,
    database,
    transactionalDatabase,
    cache: createCacheContext(origin.config, origin.keepAlive),
    defer: (work) =>
      origin.runDeferred(() =>
        work().then(
          () => undefined,
          (error: unknown) =>
            log("warn", "deferred_work_failed", { request_id: origin.requestId, error: String(error) }),
        ),
      ),
  };
  return { context, closer };
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
  const { context, closer } = openServiceContext({
    principal: { kind: "admin" },
    requestId: job,
    config,
    runDeferred: (work) => deferred.push(work()),
  });
  return {
    context,
    finish: async () => {
      await Promise.all(deferred);
      await closer()?.().catch(() => undefined);
    },
  };
}
