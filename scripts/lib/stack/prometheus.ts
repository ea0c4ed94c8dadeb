// Debian's Prometheus on 127.0.0.1, scraping the worker's /prometheus every second (with the
// bearer token when one is set), optionally with alert rules and an Alertmanager.
import { spawnSync } from "node:child_process";
import { startDaemon } from "./daemon.ts";

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
  const { url, stop } = await startDaemon({
    binary: "prometheus",
    name: "prometheus",
    configYaml: options.configYaml ?? prometheusConfig(options),
    args: (dir) => [`--storage.tsdb.path=${dir}/data`, "--web.enable-lifecycle"],
  });
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
