// The bundled worker on raw workerd (no wrangler dev proxy): shared by the benchmark and the
// exposition check. The bundle comes from `wrangler deploy --dry-run`.
import { type ChildProcess, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isPortOpen } from "./ports.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const COMPATIBILITY_DATE = "2026-11-01";

export function bundleWorker(outDir: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`${ROOT}node_modules/wrangler/bin/wrangler.js`, "deploy", "--dry-run", "--outdir", outDir],
      {
        cwd: ROOT,
        stdio: "ignore",
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
      },
    );
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`wrangler --dry-run exited ${code}`))));
  });
}

export async function waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isPortOpen(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

/**
 * Starts workerd on a generated config; its stderr (the worker's warnings) goes to logFile.
 * `experimental` lets a service use experimental compatibility flags (the bench's queue broker
 * calls a consumer's queue handler through service_binding_extra_handlers).
 */
export function startWorkerd(
  configPath: string,
  cwd: string,
  logFile: string,
  options: { inspectorPort?: number; experimental?: boolean } = {},
): ChildProcess {
  const inspector = options.inspectorPort ? [`--inspector-addr=127.0.0.1:${options.inspectorPort}`] : [];
  const experimental = options.experimental ? ["--experimental"] : [];
  return spawn(
    `${ROOT}node_modules/@cloudflare/workerd-linux-64/bin/workerd`,
    ["serve", configPath, ...experimental, ...inspector],
    {
      cwd,
      stdio: ["ignore", "ignore", openSync(logFile, "w")],
    },
  );
}
