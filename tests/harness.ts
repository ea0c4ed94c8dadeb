// Test harness: reach the worker through its real fetch handler, and make unique data per test.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { type DatabaseHandle, openDatabase } from "../db/client";
import type { UrlResponse, UserResponse } from "../worker/contracts/responses";
import worker from "../worker/index";
import { databaseQueries } from "../worker/observability/database-queries";
import { dependencyCalls } from "../worker/observability/dependency-calls";

const ORIGIN = "http://linkscope.test";

// The response shapes, as the worker defines them (inferred from its zod schemas).
export type {
  EventResponse as AuditEvent,
  UrlResponse as Url,
  UserResponse as User,
} from "../worker/contracts/responses";

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function send<T = unknown>(method: string, path: string, init: RequestInit = {}): Promise<ApiResponse<T>> {
  const response = await exports.default.fetch(
    new Request(`${ORIGIN}${path}`, { method, redirect: "manual", ...init }),
  );
  const text = await response.text();
  let body: unknown = text;
  if (response.headers.get("Content-Type")?.includes("application/json")) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: body as T, text };
}

export function sendJson<T = unknown>(method: string, path: string, payload: unknown): Promise<ApiResponse<T>> {
  return send<T>(method, path, {
    headers: { "Content-Type": "application/json" },
    body: typeof payload === "string" ? payload : JSON.stringify(payload),
  });
}

export const get = <T = unknown>(path: string) => send<T>("GET", path);

/** A short random suffix so every test's rows are its own. */
export function unique(prefix: string): string {
  return `${prefix}${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

export async function createUser(): Promise<UserResponse> {
  const name = unique("user");
  const response = await sendJson<UserResponse>("POST", "/users", { username: name, email: `${name}@example.test` });
  if (response.status !== 201) throw new Error(`createUser: ${response.status} ${response.text}`);
  return response.body;
}

export async function createUrl(fields: Record<string, unknown> = {}): Promise<UrlResponse> {
  const response = await sendJson<UrlResponse>("POST", "/urls", {
    original_url: `https://example.com/${unique("page")}`,
    ...fields,
  });
  if (response.status !== 201) throw new Error(`createUrl: ${response.status} ${response.text}`);
  return response.body;
}

/**
 * The local destination server the test runner starts (scripts/lib/destination-server.ts): pages that
 * answer 200, 404, 500, slowly, in loops... and a webhook receiver that keeps what it is sent.
 */
export const TEST_DESTINATIONS_URL = (env as unknown as { TEST_DESTINATIONS_URL: string }).TEST_DESTINATIONS_URL;
/** The setting under which links, checks and webhooks may reach it (a loopback address). */
export const ALLOW_PRIVATE = { ALLOW_PRIVATE_DESTINATIONS: "true" };

/** Direct database access for assertions the API cannot make. Close it when done. */
export function openTestDatabase(): DatabaseHandle {
  return openDatabase(
    env.DATABASE_URL ?? "",
    { wsProxy: env.NEON_WS_PROXY, fetchEndpoint: env.NEON_FETCH_ENDPOINT },
    databaseQueries,
  );
}

/**
 * A snapshot of this isolate's dependency call counters, and the calls made since. `postgres` and
 * `redis` leave out the click consumer's calls: the queue delivers batches (from any test file's redirects)
 * to whichever isolate runs, in the middle of a test's requests.
 */
export function countCalls() {
  const before = { ...dependencyCalls() };
  return () => {
    const now = dependencyCalls();
    return {
      redis: now.redis - now.redisFromQueue - (before.redis - before.redisFromQueue),
      redisFailures: now.redisFailures - before.redisFailures,
      postgres: now.postgres - now.postgresFromQueue - (before.postgres - before.postgresFromQueue),
      durableObject:
        now.durableObject - now.durableObjectFromFlush - (before.durableObject - before.durableObjectFromFlush),
    };
  };
}

/**
 * The local rate limiters count in windows aligned to the wall clock (Miniflare's bucket is
 * now / period), so a test that counts up to a limit across a window's end sees the count restart.
 * When less than marginMs is left of the current window, waits for the next one to begin.
 */
export async function awayFromLimitWindowEdge(periodSeconds = 60, marginMs = 5_000): Promise<void> {
  const periodMs = periodSeconds * 1000;
  const left = periodMs - (Date.now() % periodMs);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

/** Binding overrides: vars as strings, or stand-ins for bindings in fault tests. */
export type EnvOverrides = Partial<Record<string, string | object>>;

/**
 * Calls the worker's fetch handler directly, with an execution context the test controls and
 * optional binding overrides (a dead database, a Redis lane in the chaos proxy).
 */
export async function callWorker(path: string, init: RequestInit = {}, overrides: EnvOverrides = {}) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    // A path is on the tests' own origin (the service's host); a whole URL names another host.
    new Request(/^https?:\/\//.test(path) ? path : `${ORIGIN}${path}`, {
      redirect: "manual",
      ...init,
    }) as Request<unknown, IncomingRequestCfProperties>,
    { ...env, ...overrides } as Env,
    ctx,
  );
  return { response, settled: () => waitOnExecutionContext(ctx) };
}

export interface CallAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
  body: any;
  /** The raw body, for images and pages. */
  bytes: Uint8Array;
}

/**
 * One API call through the fetch handler as a client with an API key (or none), from an IP,
 * under the given settings (for example production's REQUIRE_API_KEYS): JSON bodies are parsed.
 */
export async function callApi(
  method: string,
  path: string,
  options: {
    key?: string;
    /** JSON-encoded. */
    body?: unknown;
    /** Sent as a form (application/x-www-form-urlencoded). */
    form?: Record<string, string>;
    ip?: string;
    headers?: Record<string, string>;
    overrides?: EnvOverrides;
  } = {},
): Promise<CallAnswer> {
  const headers: Record<string, string> = {};
  if (options.key) headers.Authorization = `Bearer ${options.key}`;
  if (options.ip) headers["CF-Connecting-IP"] = options.ip;
  let body: string | undefined;
  if (options.form !== undefined) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  const { response, settled } = await callWorker(
    path,
    { method, headers: { ...headers, ...options.headers }, body },
    options.overrides,
  );
  const bytes = new Uint8Array(await response.arrayBuffer());
  await settled();
  const text = new TextDecoder().decode(bytes);
  const isJson = response.headers.get("Content-Type")?.includes("application/json");
  return { status: response.status, headers: response.headers, body: isJson && text ? JSON.parse(text) : text, bytes };
}

/** Bindings that point the worker at a Postgres that is not there. */
export const DEAD_DATABASE: EnvOverrides = {
  NEON_WS_PROXY: "127.0.0.1:9",
  NEON_FETCH_ENDPOINT: "http://127.0.0.1:9/sql",
};

/** A private lane of the chaos proxy in front of the Upstash bridge (see scripts/lib/chaos-proxy.ts). */
export function chaosLane() {
  const chaosUrl = (env as unknown as { CHAOS_URL: string }).CHAOS_URL;
  const lane = unique("lane");
  return {
    overrides: { UPSTASH_REDIS_REST_URL: `${chaosUrl}/${lane}` } as EnvOverrides,
    async setMode(mode: "pass" | "down" | "slow" | "garbage" | "error", delayMs?: number) {
      const response = await fetch(`${chaosUrl}/__chaos/${lane}`, {
        method: "POST",
        body: JSON.stringify({ mode, delayMs }),
      });
      if (!response.ok) throw new Error(`chaos control: ${response.status}`);
    },
  };
}

/** The worker's /prometheus text, as a scraper sees it (overrides: an alert lane's instance, say). */
export async function scrapePrometheus(overrides: EnvOverrides = {}): Promise<string> {
  const { response, settled } = await callWorker("/prometheus", {}, overrides);
  const text = await response.text();
  await settled();
  return text;
}

/**
 * A series' value in exposition text, the series written as it appears (`name{label="v"}`); `absent`
 * when it is not there (NaN unless said: a counter that should exist must not read as 0).
 */
export function seriesValue(text: string, series: string, absent = Number.NaN): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? absent : Number(line.slice(series.length + 1));
}

/** Runs the cron handler as the runtime would, at a chosen time, with optional binding overrides. */
export async function runCron(scheduledTime: number, overrides: EnvOverrides = {}): Promise<void> {
  const controller = createScheduledController({ scheduledTime, cron: "* * * * *" });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, { ...env, ...overrides } as Env, ctx);
  await waitOnExecutionContext(ctx);
}

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
}

/**
 * Alert settings of a test's own: its own AlertState object and recipient on the local SMTP sink
 * (scripts/lib/smtp-sink.ts), so tests in parallel never see each other's alerts or mail.
 */
export function alertLane(recipientPrefix = "ops", extra: EnvOverrides = {}) {
  const testEnv = env as unknown as { TEST_SMTP_PORT: string; TEST_SMTP_API: string };
  const recipient = `${recipientPrefix}-${unique("")}@linkscope.test`;
  const instance = unique("alerts-");
  return {
    recipient,
    instance,
    overrides: {
      ALERTS_INSTANCE: instance,
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: testEnv.TEST_SMTP_PORT,
      SMTP_TLS: "none",
      ALERT_EMAIL_FROM: "alerts@linkscope.test",
      ALERT_EMAIL_TO: recipient,
      ...extra,
    } as EnvOverrides,
    async mails(): Promise<ReceivedMail[]> {
      return (await fetch(`${testEnv.TEST_SMTP_API}/messages?to=${encodeURIComponent(recipient)}`)).json();
    },
  };
}

/**
 * A deployment that requires keys (its admin key made up here) and a new user of it with an API key:
 * for tests of what a user's key may reach. `overrides` go on every call made as either.
 */
export async function keyedUser(extra: Record<string, string> = {}) {
  const admin = `admin-${crypto.randomUUID()}`;
  const overrides = { ADMIN_API_KEY: admin, REQUIRE_API_KEYS: "true", ...extra };
  const name = unique("keyed");
  const user = await callApi("POST", "/users", {
    key: admin,
    body: { username: name, email: `${name}@example.test` },
    overrides,
  });
  const key = await callApi("POST", `/users/${user.body.id}/api-keys`, { key: admin, overrides });
  return { admin, overrides, userId: user.body.id as number, key: key.body.key as string };
}

/**
 * A deployment configured as production is (keys required, one admin key of its own), for the attack
 * tests: `api` calls it with those settings unless told otherwise; `LIMITS_ON` adds the rate limits;
 * `userWithKey` makes a user and one key; `newClientIp` a client address no other test uses.
 */
export function productionDeployment(prefix: string) {
  const adminKey = `admin-${crypto.randomUUID()}`;
  const production = { ADMIN_API_KEY: adminKey, REQUIRE_API_KEYS: "true" };
  const api = (method: string, path: string, options: Parameters<typeof callApi>[2] = {}) =>
    callApi(method, path, { ...options, overrides: options.overrides ?? production });
  return {
    adminKey,
    production,
    limitsOn: { ...production, RATE_LIMITS: "on" },
    api,
    newClientIp: () => `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}-${unique("")}`,
    async userWithKey() {
      const name = unique(prefix);
      const user = await api("POST", "/users", {
        key: adminKey,
        body: { username: name, email: `${name}@example.test` },
      });
      const created = await api("POST", `/users/${user.body.id}/api-keys`, { key: adminKey });
      if (user.status !== 201 || created.status !== 201) throw new Error(`user or key not created: ${user.status}`);
      return { id: user.body.id as number, key: created.body.key as string };
    },
  };
}
