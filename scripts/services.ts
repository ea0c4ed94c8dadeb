// npm run services: starts what the worker needs on this machine (scripts/lib/local-services.ts)
// and writes .dev.vars, so that `npx wrangler dev` in a second terminal serves the whole API.
// `npm run dev` does both in one command. Ctrl-C stops the services and removes the .dev.vars it
// wrote (their ports change from run to run). A .dev.vars it did not write is never overwritten.
//   --dev-vars FILE   write the variables there instead (tests use it with `wrangler dev --env-file`)
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startLocalServices } from "./lib/local-services.ts";
import { localSettings } from "./lib/local-settings.ts";
import { varsFromEnvironment } from "./lib/wrangler-dev.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MARKER = "# Written by `npm run services`";
const { values } = parseArgs({ options: { "dev-vars": { type: "string", default: `${ROOT}.dev.vars` } } });
const devVarsFile = values["dev-vars"];
const local = localSettings();
const say = (message: string) => console.log(`[services] ${message}`);

if (existsSync(devVarsFile) && !readFileSync(devVarsFile, "utf8").startsWith(MARKER)) {
  console.error(`[services] ${devVarsFile} exists and was not written by npm run services: move it away first`);
  process.exit(1);
}

let services: Awaited<ReturnType<typeof startLocalServices>>;
try {
  services = await startLocalServices({ ...local, workerUrl: `http://127.0.0.1:${local.port}`, say });
} catch (error) {
  console.error(`[services] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

// As under `npm run dev`: the seed-compatible open API unless REQUIRE_API_KEYS=true is set.
const vars = { ...services.vars, REQUIRE_API_KEYS: "false", ...varsFromEnvironment() };
const lines = Object.entries(vars).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
writeFileSync(
  devVarsFile,
  `${MARKER} for \`wrangler dev\`; removed when it stops. Do not edit: see .dev.vars.example.\n${lines.join("\n")}\n`,
);
say(`wrote ${devVarsFile} (${Object.keys(vars).join(", ")})`);
say("now, in a second terminal: npx wrangler dev   (Ctrl-C here stops the services)");
if (vars.REQUIRE_API_KEYS !== "true")
  say("the management API is OPEN (REQUIRE_API_KEYS is not true): fine on 127.0.0.1 only");

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  say("stopping");
  rmSync(devVarsFile, { force: true });
  await services.stop();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
process.on("SIGHUP", () => void stop());
