// Debian's Prometheus on 127.0.0.1, scraping the worker's /prometheus every second (with the
// bearer token when one is set), optionally with alert rules and an Alertmanager.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { findFreePort } from "../ports.ts";
import { waitFor } from "./wait.ts";

export interface PrometheusOptions {
  /** host:port of the worker. */
  target: string;
  /** A complete configuration to use instead of the generated one (target and the rest ignored). */
  configYaml?: string;
  bearerToken?: string;
  ruleFiles?: string[];
  /** host:port of an Alertmanager. */
  alertmanager?: string;
  scrapeIntervalSeconds?: number;
  evaluationIntervalSeconds?: number;
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface Prometheus {
  url: string;
  query(expression: string): Promise<PromSample[]>;
  stop(): Promise<void>;
}

export function prometheusAvailable(): boolean {
  return spawnSync("prometheus", ["--version"], { stdio: "ignore" }).status === 0;
}

export function prometheusConfig(options: PrometheusOptions): string {
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const lines = [
    "global:",
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${options.evaluationIntervalSeconds ?? 1}s`,
  ];
  if (options.ruleFiles?.length) lines.push("rule_files:", ...options.ruleFiles.map((file) => `  - ${file}`));
  if (options.alertmanager) {
    lines.push(
      "alerting:",
      "  alertmanagers:",
      "    - static_configs:",
      `        - targets: ["${options.alertmanager}"]`,
    );
  }
  lines.push(
    "scrape_configs:",
    "  - job_name: linkscope",
    "    metrics_path: /prometheus",
    `    static_configs: [{ targets: ["${options.target}"] }]`,
  );
  if (options.bearerToken) lines.push("    authorization:", `      credentials: "${options.bearerToken}"`);
  return `${lines.join("\n")}\n`;
}

export async function startPrometheus(options: PrometheusOptions): Promise<Prometheus> {
  const dir = mkdtempSync(`${tmpdir()}/linkscope-prometheus-`);
  const port = await findFreePort();
  writeFileSync(`${dir}/prometheus.yml`, options.configYaml ?? prometheusConfig(options));
  const logFile = `${dir}/prometheus.log`;
  const child: ChildProcess = spawn(
    "prometheus",
    [
      `--config.file=${dir}/prometheus.yml`,
      `--storage.tsdb.path=${dir}/data`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--web.enable-lifecycle",
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
    await waitFor("Prometheus to be ready", async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited: ${readFileSync(logFile, "utf8").slice(-2000)}`);
      return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    async query(expression) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expression)}`);
      const body = (await response.json()) as { status: string; error?: string; data: { result: PromSample[] } };
      if (body.status !== "success") throw new Error(`query ${expression}: ${body.error}`);
      return body.data.result;
    },
    stop,
  };
}
