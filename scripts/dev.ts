// npm run dev: the one command that runs Linkscope locally.
// - DATABASE_URL unset: an embedded Postgres (PGlite) on 127.0.0.1, data in .data/pglite
// - migrations applied, the Neon WebSocket proxy started, then `wrangler dev` on PORT (8787)
// - Ctrl-C stops everything it started
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { applyMigrations } from "./lib/migrate.ts";
import { isPortOpen } from "./lib/ports.ts";
import { startUpstashBridge, type UpstashBridge } from "./lib/upstash-bridge.ts";
import { startWranglerDev, stopWranglerDev, varsFromEnvironment } from "./lib/wrangler-dev.ts";
import { startWsProxy } from "./lib/ws-proxy.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PORT = Number(process.env.PORT ?? 8787);
const EMBEDDED_PG_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
const DATA_DIR = process.env.LINKSCOPE_DATA_DIR ?? `${ROOT}.data`;

function say(message: string) {
  console.log(`[dev] ${message}`);
}

if (await isPortOpen(PORT)) {
  console.error(`[dev] port ${PORT} is already in use; stop what holds it or set PORT`);
  process.exit(1);
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
    ...passedThrough,
  },
});
say(`wrangler dev starting on http://127.0.0.1:${PORT}`);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  say("stopping");
  stopWranglerDev(wrangler);
  await proxy.close();
  await bridge?.close();
  await embedded?.stop();
  process.exit(code);
}

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
process.on("SIGHUP", () => void stop(0));
wrangler.on("exit", (code) => void stop(code ?? 0));
