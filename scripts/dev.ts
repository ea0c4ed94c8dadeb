// npm run dev: the one command that runs Linkscope locally.
// - DATABASE_URL unset: an embedded Postgres (PGlite) on 127.0.0.1, data in .data/pglite
// - migrations applied, the Neon WebSocket proxy started, then `wrangler dev` on PORT (8787)
// - Ctrl-C stops everything it started
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { startDevControl } from "./lib/dev-control.ts";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { applyMigrations } from "./lib/migrate.ts";
import { isPortOpen } from "./lib/ports.ts";
import { type SmtpSink, startSmtpSink } from "./lib/smtp-sink.ts";
import { startUpstashBridge, type UpstashBridge } from "./lib/upstash-bridge.ts";
import { startWranglerDev, stopWranglerDev, varsFromEnvironment } from "./lib/wrangler-dev.ts";
import { startWsProxy } from "./lib/ws-proxy.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PORT = Number(process.env.PORT ?? 8787);
const CONTROL_PORT = Number(process.env.DEV_CONTROL_PORT ?? PORT + 1);
const EMBEDDED_PG_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
const DATA_DIR = process.env.LINKSCOPE_DATA_DIR ?? `${ROOT}.data`;

function say(message: string) {
  console.log(`[dev] ${message}`);
}

for (const [port, what] of [
  [PORT, "PORT"],
  [CONTROL_PORT, "DEV_CONTROL_PORT"],
] as const) {
  if (await isPortOpen(port)) {
    console.error(`[dev] port ${port} is already in use; stop what holds it or set ${what}`);
    process.exit(1);
  }
}

let embedded: EmbeddedPostgres | undefined;
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  if (await isPortOpen(EMBEDDED_PG_PORT)) {
    console.error(`[dev] port ${EMBEDDED_PG_PORT} (embedded Postgres) is in use; set EMBEDDED_PG_PORT`);
    process.exit(1);
  }
  embedded = await startEmbeddedPostgres(`${DATA_DIR}/pglite`, EMBEDDED_PG_PORT);
  databaseUrl = embedded.url;
  say(`embedded Postgres (PGlite) on 127.0.0.1:${EMBEDDED_PG_PORT}, data in ${DATA_DIR}/pglite`);
} else {
  say("using the Postgres named by DATABASE_URL");
}

const target = new URL(databaseUrl);
await applyMigrations(databaseUrl);
say("migrations applied");

const proxy = await startWsProxy({
  postgresHost: target.hostname,
  postgresPort: Number(target.port || 5432),
  // PGlite is one backend that crosses the answers of concurrent clients: one at a time.
  maxUpstreamConnections: embedded ? 1 : undefined,
});
say(`Neon WebSocket proxy on 127.0.0.1:${proxy.port}`);

// Redis tier: only when REDIS_URL names a Redis; the Upstash REST bridge goes in front of it.
let bridge: UpstashBridge | undefined;
const redisVars: Record<string, string> = {};
if (process.env.REDIS_URL) {
  bridge = await startUpstashBridge({ redisUrl: process.env.REDIS_URL, token: randomBytes(16).toString("hex") });
  redisVars.UPSTASH_REDIS_REST_URL = bridge.url;
  redisVars.UPSTASH_REDIS_REST_TOKEN = bridge.token;
  say(`Redis tier on: Upstash REST bridge on ${bridge.url} → ${process.env.REDIS_URL}`);
} else {
  say("Redis tier off (set REDIS_URL=redis://127.0.0.1:6379 to enable it)");
}

// Alert email: a relay named by SMTP_HOST, or a local sink whose messages the control port lists.
let sink: SmtpSink | undefined;
const mailVars: Record<string, string> = {};
if (!process.env.SMTP_HOST) {
  sink = await startSmtpSink();
  Object.assign(mailVars, {
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(sink.smtpPort),
    SMTP_TLS: "none",
    ALERT_EMAIL_TO: process.env.ALERT_EMAIL_TO ?? "ops@linkscope.local",
  });
}

// wrangler.toml requires API keys (production); locally the seed-compatible open API is the default.
const requireKeys = process.env.REQUIRE_API_KEYS === "true";
if (!requireKeys) {
  console.warn(
    [
      "",
      "[dev] ************************************************************************",
      "[dev] WARNING: the management API is OPEN (REQUIRE_API_KEYS is not true).",
      "[dev] Anyone who can reach this port can read and change every user and url.",
      "[dev] Fine on 127.0.0.1 for development; set REQUIRE_API_KEYS=true and",
      "[dev] ADMIN_API_KEY=... to try the production model (docs/SECURITY.md).",
      "[dev] ************************************************************************",
      "",
    ].join("\n"),
  );
}

const passedThrough = varsFromEnvironment();
if (Object.keys(passedThrough).length > 0) say(`passing to the worker: ${Object.keys(passedThrough).join(", ")}`);
const wrangler = await startWranglerDev({
  port: PORT,
  persistTo: `${DATA_DIR}/wrangler`,
  output: "inherit",
  logLevel: process.env.WRANGLER_LOG_LEVEL,
  vars: {
    DATABASE_URL: databaseUrl,
    NEON_WS_PROXY: `127.0.0.1:${proxy.port}`,
    ...redisVars,
    ...mailVars,
    ALERT_DASHBOARD_URL: process.env.ALERT_DASHBOARD_URL ?? `http://127.0.0.1:${PORT}`,
    REQUIRE_API_KEYS: requireKeys ? "true" : "false",
    ...passedThrough,
  },
});
say(`wrangler dev starting on http://127.0.0.1:${PORT}`);

const control = await startDevControl({ port: CONTROL_PORT, proxy, sink, workerUrl: `http://127.0.0.1:${PORT}` });
say(`control port ${control.url} (fire drill: npm run fire-drill)`);
if (sink) say(`alert emails go to a local sink: ${control.url}/mail (set SMTP_HOST to use a relay)`);

// Crons do not fire under wrangler dev: run the alert evaluator once a minute, just after the minute turns.
let cronTimer: NodeJS.Timeout | undefined;
function scheduleCron() {
  const delay = 60_000 - (Date.now() % 60_000) + 1_000;
  cronTimer = setTimeout(async () => {
    try {
      await fetch(`http://127.0.0.1:${PORT}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`, {
        signal: AbortSignal.timeout(30_000),
      });
    } catch {
      // not up yet, or restarting: the next minute tries again
    }
    scheduleCron();
  }, delay);
}
if (process.env.DEV_CRON !== "off") {
  scheduleCron();
  say("alert evaluator: every minute (DEV_CRON=off to stop it)");
}

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  say("stopping");
  clearTimeout(cronTimer);
  stopWranglerDev(wrangler);
  await control.close();
  await sink?.close();
  await proxy.close();
  await bridge?.close();
  await embedded?.stop();
  process.exit(code);
}

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
process.on("SIGHUP", () => void stop(0));
wrangler.on("exit", (code) => void stop(code ?? 0));
