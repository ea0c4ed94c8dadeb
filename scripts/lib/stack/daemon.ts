// A Prometheus-family server (prometheus, prometheus-alertmanager) on 127.0.0.1 in a temporary
// directory: its config written there, stderr kept as its log, ready once /-/ready answers.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { findFreePort } from "../ports.ts";
import { waitFor } from "./wait.ts";

export interface Daemon {
  url: string;
  port: number;
  /** Its log so far (for diagnostics). */
  log(): string;
  stop(): Promise<void>;
}

export interface DaemonOptions {
  binary: string;
  name: string;
  configYaml: string;
  /** Arguments beyond the config file and listen address, given the working directory. */
  args: (dir: string) => string[];
}

export async function startDaemon({ binary, name, configYaml, args }: DaemonOptions): Promise<Daemon> {
  const dir = mkdtempSync(`${tmpdir()}/linkscope-${name}-`);
  const port = await findFreePort();
  writeFileSync(`${dir}/${name}.yml`, configYaml);
  const logFile = `${dir}/${name}.log`;
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${dir}/${name}.yml`, `--web.listen-address=127.0.0.1:${port}`, ...args(dir)],
    { stdio: ["ignore", "ignore", openSync(logFile, "w")] },
  );
  const url = `http://127.0.0.1:${port}`;
  const log = () => readFileSync(logFile, "utf8").slice(-3000);
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${name} to be ready`, async () => {
      if (child.exitCode !== null) throw new Error(`${binary} exited: ${log()}`);
      return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, log, stop };
}
