// The worker under `wrangler dev` for stack tests and the fire drill: its own port and
// Durable Object storage, wired to the database and Redis bridge it is given.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { findFreePort } from "../ports.ts";
import { startWranglerDev, stopWranglerDev } from "../wrangler-dev.ts";
import { waitFor } from "./wait.ts";

export interface DevWorker {
  url: string;
  port: number;
  /** What wrangler and the worker printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** `envFile`: a .dev.vars-style file for wrangler to load (the `npm run services` path). */
export async function startDevWorker(vars: Record<string, string>, envFile?: string): Promise<DevWorker> {
  const dir = mkdtempSync(`${tmpdir()}/linkscope-dev-worker-`);
  const port = await findFreePort();
  const logFile = `${dir}/wrangler.log`;
  const child: ChildProcess = await startWranglerDev({
    port,
    vars,
    persistTo: `${dir}/state`,
    output: logFile,
    ...(envFile ? { envFile } : {}),
  });
  const url = `http://127.0.0.1:${port}`;
  const output = () => readFileSync(logFile, "utf8");
  const stop = async () => {
    stopWranglerDev(child);
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once("exit", resolve)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      "wrangler dev to answer /health",
      async () => {
        if (child.exitCode !== null) throw new Error(`wrangler dev exited ${child.exitCode}: ${output().slice(-2000)}`);
        const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
        return response.status === 200 ? true : undefined;
      },
      90_000,
    );
  } catch (error) {
    // What wrangler said is the only clue to a worker that never answered: kept in the error.
    const said = output().slice(-3000);
    await stop();
    throw new Error(`${(error as Error).message}\nwrangler dev's last output:\n${said}`);
  }
  return { url, port, output, stop };
}
