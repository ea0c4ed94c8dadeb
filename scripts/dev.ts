// npm run dev: the one command that runs Linkscope locally.
// - DATABASE_URL unset: an embedded Postgres (PGlite) on 127.0.0.1, data in .data/pglite
// - migrations applied, the Neon WebSocket proxy started, then `wrangler dev` on PORT (8787)
// - Ctrl-C stops everything it started
import { type LocalServices, startLocalServices } from "./lib/local-services.ts";
import { localSettings } from "./lib/local-settings.ts";
import { isPortOpen } from "./lib/ports.ts";
import { startWranglerDev, stopWranglerDev, varsFromEnvironment } from "./lib/wrangler-dev.ts";

const local = localSettings();
const PORT = local.port;

function say(message: string) {
  console.log(`[dev] ${message}`);
}

if (await isPortOpen(PORT)) {
  console.error(`[dev] port ${PORT} is already in use; stop what holds it or set PORT`);
  process.exit(1);
}

let services: LocalServices;
try {
  services = await startLocalServices({ ...local, workerUrl: `http://127.0.0.1:${PORT}`, say });
} catch (error) {
  console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
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
  persistTo: `${local.dataDir}/wrangler`,
  output: "inherit",
  logLevel: process.env.WRANGLER_LOG_LEVEL,
  vars: {
    ...services.vars,
    REQUIRE_API_KEYS: requireKeys ? "true" : "false",
    ...passedThrough,
  },
});
if (process.env.ALLOW_PRIVATE_DESTINATIONS === "true") {
  say(
    "WARNING: ALLOW_PRIVATE_DESTINATIONS=true: links and checks may reach loopback and private addresses (local testing only)",
  );
}
say(`wrangler dev starting on http://127.0.0.1:${PORT}`);
say(
  `the web app: http://127.0.0.1:${PORT}/app (sign in with a user's email: the link is printed here; ` +
    `make a user with POST /users)`,
);

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
  await services.stop();
  process.exit(code);
}

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
process.on("SIGHUP", () => void stop(0));
wrangler.on("exit", (code) => void stop(code ?? 0));
