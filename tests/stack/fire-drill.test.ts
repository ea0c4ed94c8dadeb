// `npm run dev` and `npm run fire-drill`, as a developer runs them: the dev server on this run's
// database, the drill cutting its database, and both alert emails arriving at the local sink.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../scripts/lib/ports.ts";
import { waitFor } from "../../scripts/lib/stack/wait.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let dev: ChildProcess;
let port: number;
let controlPort: number;
let dataDir: string;

beforeAll(async () => {
  port = await findFreePort();
  controlPort = await findFreePort();
  dataDir = mkdtempSync(`${tmpdir()}/linkscope-drill-`);
  dev = spawn(process.execPath, ["scripts/dev.ts"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "ignore", "ignore"],
    env: {
      ...process.env,
      PORT: String(port),
      DEV_CONTROL_PORT: String(controlPort),
      DATABASE_URL: process.env.LINKSCOPE_TEST_DATABASE_URL,
      LINKSCOPE_DATA_DIR: dataDir,
      SMTP_HOST: "",
    },
  });
  await waitFor(
    "npm run dev to serve /health",
    async () => {
      const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) });
      return response.ok ? true : undefined;
    },
    120_000,
  );
}, 150_000);

afterAll(async () => {
  if (dev?.pid !== undefined && dev.exitCode === null) {
    process.kill(-dev.pid, "SIGTERM");
    await new Promise((resolve) => dev.once("exit", resolve));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run fire-drill", () => {
  it("gets the service_down email after the database is cut, then the resolved email", async () => {
    const logFile = `${dataDir}/fire-drill.log`;
    const output = openSync(logFile, "w");
    const drill = spawn(process.execPath, ["scripts/fire-drill.ts"], {
      cwd: ROOT,
      stdio: ["ignore", output, output],
      env: {
        ...process.env,
        PORT: String(port),
        DEV_CONTROL_PORT: String(controlPort),
        FIRE_DRILL_TIMEOUT_SECONDS: "150",
      },
    });
    const code = await new Promise((resolve) => drill.on("exit", resolve));
    const log = readFileSync(logFile, "utf8");
    expect(log).toContain("FIRING email received");
    expect(log).toContain("RESOLVED email received");
    expect(log).toContain("one firing email, one resolved email");
    expect(code).toBe(0);
    const control = await (await fetch(`http://127.0.0.1:${controlPort}/`)).json();
    expect(control).toMatchObject({ database_reachable: true });
  }, 330_000);
});
