// npm test: runs the suite in the Workers runtime against the real PostgreSQL on this machine.
// Gives the run its own database (created, migrated, dropped), and the Neon HTTP bridge and
// WebSocket proxy the driver needs, then hands both to vitest through the environment.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import pg from "pg";
import { startChaosProxy } from "./lib/chaos-proxy.ts";
import { startDatabaseEndpoints } from "./lib/database-endpoints.ts";
import { startDestinationServer } from "./lib/destination-server.ts";
import { startDnsJsonResolver } from "./lib/dns-json-resolver.ts";
import { applyMigrations } from "./lib/migrate.ts";
import { startSentryCatcher } from "./lib/sentry-catcher.ts";
import { startSmtpSink } from "./lib/smtp-sink.ts";
import { prometheusAvailable } from "./lib/stack/prometheus.ts";
import { startUpstashBridge } from "./lib/upstash-bridge.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const admin = new URL(ADMIN_URL);
const databaseName = `linkscope_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
const testUrl = new URL(ADMIN_URL);
testUrl.pathname = `/${databaseName}`;

/** Removes this run's keys (they would expire anyway; this keeps a shared Redis tidy). */
async function dropRedisKeys(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

async function withAdmin(statement: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

try {
  await withAdmin(`CREATE DATABASE "${databaseName}"`);
} catch (error) {
  console.error(`[test] cannot reach PostgreSQL at ${admin.host} (${String(error)}).`);
  console.error("[test] start it (see docs/TROUBLESHOOTING.md) or point TEST_POSTGRES_URL at one.");
  process.exit(1);
}
await applyMigrations(testUrl.toString());
const database = await startDatabaseEndpoints(testUrl.toString());
const redisToken = randomBytes(16).toString("hex");
const bridge = await startUpstashBridge({ redisUrl: REDIS_URL, token: redisToken });
const chaos = await startChaosProxy(bridge.url);
const sentry = await startSentryCatcher();
const smtpSink = await startSmtpSink();
const destinations = await startDestinationServer();
// Custom domains' TXT records (DOMAIN_PROVIDER=manual): each test publishes its own with POST /__txt.
const dnsResolver = await startDnsJsonResolver();
// Each run has its own key prefix on the shared Redis; its keys expire on their own.
const redisKeyPrefix = `${databaseName}:`;
console.log(
  `[test] database ${databaseName}, Neon HTTP bridge :${database.bridge.port}, WebSocket proxy :${database.proxy.port}, Upstash bridge :${bridge.port} → ${REDIS_URL}`,
);

const testEnvironment = {
  ...process.env,
  LINKSCOPE_TEST_DATABASE_URL: testUrl.toString(),
  LINKSCOPE_TEST_WS_PROXY: database.vars.NEON_WS_PROXY,
  LINKSCOPE_TEST_FETCH_ENDPOINT: database.vars.NEON_FETCH_ENDPOINT,
  LINKSCOPE_TEST_REDIS_URL: bridge.url,
  LINKSCOPE_TEST_REDIS_TOKEN: redisToken,
  LINKSCOPE_TEST_REDIS_PREFIX: redisKeyPrefix,
  LINKSCOPE_TEST_CHAOS_URL: chaos.url,
  LINKSCOPE_TEST_SENTRY_DSN: sentry.dsn,
  LINKSCOPE_TEST_SENTRY_CATCHER: sentry.url,
  LINKSCOPE_TEST_SMTP_PORT: String(smtpSink.smtpPort),
  LINKSCOPE_TEST_SMTP_API: smtpSink.apiUrl,
  LINKSCOPE_TEST_DESTINATIONS_URL: destinations.url,
  LINKSCOPE_TEST_DNS_RESOLVER_URL: dnsResolver.url,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numFailedTestSuites?: number;
}

/** One vitest run; its JSON report (or undefined when none was written). */
async function runVitest(name: string, args: string[]): Promise<{ exitCode: number; report?: Report }> {
  const reportFile = `${tmpdir()}/${databaseName}-${name}-report.json`;
  const vitest = spawn(
    process.execPath,
    [
      `${ROOT}node_modules/vitest/vitest.mjs`,
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${reportFile}`,
      ...args,
    ],
    { cwd: ROOT, stdio: "inherit", env: testEnvironment },
  );
  const exitCode: number = await new Promise((resolve) => vitest.on("exit", (code) => resolve(code ?? 1)));
  try {
    const report = JSON.parse(readFileSync(reportFile, "utf8")) as Report;
    rmSync(reportFile, { force: true });
    return { exitCode, report };
  } catch {
    return { exitCode };
  }
}

// `npm test`: the Workers-runtime suite, then the stack suite (real wrangler dev, Prometheus...).
// `npm test -- <filter>`: the Workers-runtime suite only, filtered. `npm test -- --stack [filter]`: the stack suite only.
const args = process.argv.slice(2);
const stackOnly = args.includes("--stack");
const filtered = args.some((arg) => !arg.startsWith("-"));
const runs: { exitCode: number; report?: Report }[] = [];
if (!stackOnly) runs.push(await runVitest("workers", args));
let stackSkipped = false;
if (stackOnly || (!filtered && runs.every((run) => run.exitCode === 0))) {
  if (prometheusAvailable()) {
    const stackFilters = stackOnly ? args.filter((arg) => arg !== "--stack") : [];
    runs.push(await runVitest("stack", ["--config", "vitest.stack.config.ts", ...stackFilters]));
  } else if (process.env.CI) {
    console.log("[test] prometheus is missing (apt-get install prometheus): the stack suite is required in CI");
    runs.push({ exitCode: 1 });
  } else {
    stackSkipped = true;
    console.log("[test] prometheus not installed: skipping the stack suite (apt-get install prometheus)");
  }
}

// One plain closing line for tools that read the end of the log.
const passed = runs.reduce((sum, run) => sum + (run.report?.numPassedTests ?? 0), 0);
// A file that fails to load fails no test of its own: count it, so the line never reads "0 failed" on a failure.
const failedIn = (run: { exitCode: number; report?: Report }) =>
  run.exitCode === 0 ? 0 : Math.max(1, run.report?.numFailedTests || run.report?.numFailedTestSuites || 0);
const failed = runs.reduce((sum, run) => sum + failedIn(run), 0);
console.log(`\n${passed} passed, ${failed} failed${stackSkipped ? " (stack suite skipped)" : ""}`);
const exitCode = runs.some((run) => run.exitCode !== 0) ? 1 : 0;

await Promise.all([
  database.close(),
  chaos.close(),
  bridge.close(),
  sentry.close(),
  smtpSink.close(),
  destinations.close(),
  dnsResolver.close(),
]);
await dropRedisKeys(REDIS_URL, redisKeyPrefix).catch((error: unknown) =>
  console.warn(`[test] could not clean Redis keys ${redisKeyPrefix}*: ${String(error)}`),
);
if (!process.env.KEEP_TEST_DATABASE) {
  await withAdmin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`).catch((error: unknown) =>
    console.warn(`[test] could not drop ${databaseName}: ${String(error)}`),
  );
}
process.exit(exitCode);
