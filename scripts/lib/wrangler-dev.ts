// `wrangler dev` as a child process: used by `npm run dev` (output to the terminal) and by the
// stack tests (output to a file). Variables are passed with --var, so secrets set in the
// caller's environment reach the worker without being written anywhere.
import { type ChildProcess, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CONFIG_VARIABLES } from "../../worker/config/settings.ts";
import { findFreePort } from "./ports.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

// Set by the dev server itself (it starts the proxy and the bridge): never taken from the environment.
const MANAGED_BY_DEV_SERVER = new Set<string>(["NEON_WS_PROXY", "NEON_FETCH_ENDPOINT"]);

/**
 * Settings `npm run dev` hands from its environment to the worker when they are set: every
 * variable the worker's configuration declares (worker/config/settings.ts), so none can be forgotten here.
 */
export const PASSED_THROUGH_VARS: readonly string[] = CONFIG_VARIABLES.filter(
  (name) => !MANAGED_BY_DEV_SERVER.has(name),
);

export function varsFromEnvironment(environment: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const name of PASSED_THROUGH_VARS) {
    const value = environment[name];
    if (value !== undefined && value !== "") vars[name] = value;
  }
  return vars;
}

export interface WranglerDevOptions {
  port: number;
  vars: Record<string, string>;
  persistTo: string;
  /** Where output goes: "inherit" (a terminal) or a file path. */
  output: "inherit" | string;
  logLevel?: string | undefined;
  /** A .dev.vars-style file to load (`npm run services --dev-vars FILE` writes one). */
  envFile?: string;
  /** Where wrangler.toml is (default: the project; the memory baseline runs a worker of its own). */
  cwd?: string;
}

export async function startWranglerDev(options: WranglerDevOptions): Promise<ChildProcess> {
  const inspectorPort = await findFreePort();
  const varArgs = Object.entries(options.vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  const output = options.output === "inherit" ? "inherit" : openSync(options.output, "w");
  return spawn(
    process.execPath,
    [
      `${ROOT}node_modules/wrangler/bin/wrangler.js`,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(options.port),
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      options.persistTo,
      "--test-scheduled",
      ...varArgs,
      ...(options.envFile ? ["--env-file", options.envFile] : []),
      ...(options.logLevel ? ["--log-level", options.logLevel] : []),
    ],
    {
      cwd: options.cwd ?? ROOT,
      stdio: options.output === "inherit" ? "inherit" : ["ignore", output, output],
      // Its own process group, so stopping it stops workerd too.
      detached: true,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    },
  );
}

/** Stops wrangler dev and its workerd children (the whole process group). */
export function stopWranglerDev(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}
