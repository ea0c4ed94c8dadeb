// Debian's Alertmanager on 127.0.0.1 (no clustering), for the end-to-end stack test.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { findFreePort } from "../ports.ts";
import { waitFor } from "./wait.ts";

export const ALERTMANAGER_BINARY = "prometheus-alertmanager";

export interface Alertmanager {
  url: string;
  /** host:port, for Prometheus' alerting config. */
  address: string;
  /** Its log so far (for diagnostics). */
  log(): string;
  stop(): Promise<void>;
}

export async function startAlertmanager(configYaml: string): Promise<Alertmanager> {
  const dir = mkdtempSync(`${tmpdir()}/linkscope-alertmanager-`);
  const port = await findFreePort();
  writeFileSync(`${dir}/alertmanager.yml`, configYaml);
  const logFile = `${dir}/alertmanager.log`;
  const child: ChildProcess = spawn(
    ALERTMANAGER_BINARY,
    [
      `--config.file=${dir}/alertmanager.yml`,
      `--storage.path=${dir}/data`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
    ],
    { stdio: ["ignore", "ignore", openSync(logFile, "w")] },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor("Alertmanager to be ready", async () => {
      if (child.exitCode !== null)
        throw new Error(`alertmanager exited: ${readFileSync(logFile, "utf8").slice(-2000)}`);
      return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, address: `127.0.0.1:${port}`, log: () => readFileSync(logFile, "utf8").slice(-3000), stop };
}
